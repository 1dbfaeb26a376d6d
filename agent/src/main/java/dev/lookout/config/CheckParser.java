package dev.lookout.config;

import java.util.Map;

/**
 * Turns one check block and its {@code expect:} block into a {@link CheckSpec}. One implementation
 * per check type; {@link #ALL} is the only list of them the loader knows.
 */
interface CheckParser {
  /**
   * @param check the check block ({@code http:}, {@code tls:}, …)
   * @param expect the target's {@code expect:} block (empty when absent); its keys belong to the
   *     check type, and unknown ones are rejected by the caller's {@code finish()}
   * @return the spec, or null when errors were recorded
   */
  CheckSpec parse(MapReader check, MapReader expect);

  /** Check types by their config key, in the order they are listed in errors. */
  Map<String, CheckParser> ALL =
      Map.of(
          "http",
          new HttpCheckParser(),
          "tls",
          new TlsCheckParser(),
          "queue",
          new QueueCheckParser(),
          "dns",
          new DnsCheckParser(),
          "email_auth",
          new EmailAuthCheckParser());

  /** Every check key a target may have, including those this build does not support yet. */
  java.util.List<String> KEYS = java.util.List.of("http", "tls", "dns", "email_auth", "queue");
}
