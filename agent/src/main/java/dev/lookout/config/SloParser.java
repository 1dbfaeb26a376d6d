package dev.lookout.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads an {@code slo:} block, in {@code defaults} or in a target. A target's block is read on top
 * of the defaults' key by key, the way {@code alert:} is, so {@code defaults.slo.window: 7d} and a
 * target's {@code availability: 99.9%} make one policy. Every problem is a config error at its
 * value; nothing stops at the first.
 */
public final class SloParser {
  private SloParser() {}

  /**
   * The {@code defaults.slo} block: may leave the objectives out (a shared window alone is fine).
   *
   * @return the policy to read targets on top of; {@link SloPolicy#empty()} when absent
   */
  public static SloPolicy defaults(MapReader m) {
    return m == null ? SloPolicy.empty() : read(m, SloPolicy.empty());
  }

  /**
   * A target's {@code slo} block on top of {@code base} (the defaults).
   *
   * @return the target's policy, or null when it has no objective
   */
  public static SloPolicy target(MapReader m, SloPolicy base) {
    if (m == null) {
      return base.isSet() ? base : null;
    }
    SloPolicy p = read(m, base);
    if (!p.isSet() && !m.has("availability") && !m.has("latency")) {
      m.error(
          m.where()
              + " needs an objective: availability (like 99.9%) or latency (like {below: 800ms,"
              + " objective: 99%})");
      return null;
    }
    return p.isSet() ? p : null;
  }

  private static SloPolicy read(MapReader m, SloPolicy base) {
    Double availability = m.parsed("availability", base.availability(), SloParser::percent);
    SloPolicy.Latency latency = latency(m.map("latency"), base.latency());
    Duration window = m.parsed("window", base.window(), SloParser::window);
    boolean burn = m.bool("burn_alerts", base.burnAlerts());
    m.finish();
    return new SloPolicy(availability, latency, window, burn);
  }

  private static SloPolicy.Latency latency(MapReader m, SloPolicy.Latency base) {
    if (m == null) {
      return base;
    }
    Duration below = m.parsed("below", base == null ? null : base.below(), SloParser::below);
    Double objective =
        m.parsed("objective", base == null ? null : base.objective(), SloParser::percent);
    m.finish();
    if (below == null || objective == null) {
      if ((below == null && !m.has("below")) || (objective == null && !m.has("objective"))) {
        m.error(m.where() + " needs both below (like 800ms) and objective (like 99%)");
      }
      return base;
    }
    return new SloPolicy.Latency(below, objective);
  }

  /** {@code 99.9%} as 0.999. A bare number is refused: 99.9 and 0.999 mean the same to no one. */
  static double percent(String text) {
    String s = text.trim();
    if (!s.endsWith("%")) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a percentage (write it with a percent sign, like 99.9%)");
    }
    double v;
    try {
      v = new java.math.BigDecimal(s.substring(0, s.length() - 1).trim()).doubleValue();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a percentage (like 99.9%)");
    }
    if (!(v > 0 && v < 100)) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" must be above 0% and below 100% (100% would leave no error budget at all)");
    }
    return new java.math.BigDecimal(s.substring(0, s.length() - 1).trim())
        .movePointLeft(2)
        .doubleValue();
  }

  private static Duration below(String text) {
    Duration d = Durations.parse(text);
    if (d.isZero()) {
      throw new IllegalArgumentException("\"" + text + "\" must be longer than zero");
    }
    return d;
  }

  private static Duration window(String text) {
    Duration d = Durations.parse(text);
    if (d.compareTo(SloPolicy.MIN_WINDOW) < 0) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is shorter than 1h, the shortest budget window");
    }
    if (d.compareTo(SloPolicy.MAX_WINDOW) > 0) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is longer than 90d, the longest budget window kept");
    }
    if (d.toMinutes() % 60 != 0) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a whole number of hours (like 6h, 7d or 30d)");
    }
    return d;
  }

  /** A ratio as people read it: {@code 99.9%}. */
  public static String percentText(double ratio) {
    String s = String.format(Locale.ROOT, "%.4f", ratio * 100).replaceAll("0+$", "");
    return (s.endsWith(".") ? s.substring(0, s.length() - 1) : s) + "%";
  }
}
