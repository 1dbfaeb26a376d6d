package dev.lookout.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints durations the way ops write them: {@code 250ms}, {@code 10s}, {@code 1h30m}.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException with a message fit for a config error
   */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException(
            "\"" + text + "\" is not a duration (use a number and a unit: 250ms, 10s, 5m, 4h, 7d)");
      }
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
      at = m.end();
    }
    return total;
  }

  /** A short human form: {@code 800 ms}, {@code 1.42 s}, {@code 5 min}, {@code 4 h}. */
  public static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return trim(ms / 1000.0) + " s";
    }
    if (ms < 3_600_000) {
      return trim(ms / 60_000.0) + " min";
    }
    if (ms < 86_400_000) {
      return trim(ms / 3_600_000.0) + " h";
    }
    return trim(ms / 86_400_000.0) + " d";
  }

  /** Seconds as a person reads them: {@code 1.42 s}, {@code 12 ms}. */
  public static String humanSeconds(double seconds) {
    if (seconds < 1) {
      return trim(seconds * 1000) + " ms";
    }
    return trim(seconds) + " s";
  }

  private static String trim(double v) {
    String s = String.format(java.util.Locale.ROOT, "%.2f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
