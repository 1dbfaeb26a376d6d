package dev.lookout.config;

/**
 * Turns one check block and its {@code expect:} block into a {@link CheckSpec}. Every check type is
 * one ({@code dev.lookout.check.CheckType}); the loader finds them through {@link CheckParsers}.
 */
public interface CheckParser<S extends CheckSpec> {
  /** The config key of the check block ({@code http}, {@code tls} …). */
  String key();

  /**
   * @param check the check block ({@code http:}, {@code tls:}, …)
   * @param expect the target's {@code expect:} block (empty when absent); its keys belong to the
   *     check type, and unknown ones are rejected by the caller's {@code finish()}
   * @return the spec, or null when errors were recorded
   */
  S parse(MapReader check, MapReader expect);
}
