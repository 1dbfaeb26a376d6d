package dev.lookout.config;

/**
 * What a target checks and what it expects. Each check type ({@code dev.lookout.check.CheckType})
 * has its own; the registry ({@code dev.lookout.checks.CheckTypes}) is the only list of them.
 */
public interface CheckSpec {
  /** The config key of the check block, also the {@code type} label in metrics. */
  String type();

  /**
   * The evaluation interval of a target that sets none, when this check wants a shorter one than
   * {@code defaults.interval} (the shorter of the two applies); null for {@code defaults.interval}.
   */
  default java.time.Duration defaultInterval() {
    return null;
  }

  /**
   * Why this check must not run behind a listener that is not loopback as configured, said to the
   * user; null when it may (the default).
   */
  default String unsafeOnOpenListener() {
    return null;
  }

  /**
   * Whether an expectation judges the latency window ({@code p95_below}, {@code p99_below}): then
   * {@code lookout once} takes several warm samples of the target, not one cold one.
   */
  default boolean judgesWindow() {
    return p95Below() != null || p99Below() != null;
  }

  /** The {@code p95_below} expectation, shown next to the figure on the status page; or null. */
  default java.time.Duration p95Below() {
    return null;
  }

  /** The {@code p99_below} expectation; or null. */
  default java.time.Duration p99Below() {
    return null;
  }

  /**
   * What the target checks, for people: {@code https://shop.example.com/health}, {@code
   * mail.example.com:465}. Never a secret: no user info, no query string, no header. Null when the
   * type has nothing to show.
   */
  default String where() {
    return null;
  }

  /** A URL as {@link #where} shows it: scheme, host, port and path, without user info or query. */
  static String shownUrl(java.net.URI url) {
    String host = url.getHost() == null ? "" : url.getHost();
    return url.getScheme()
        + "://"
        + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath());
  }
}
