package dev.lookout.config;

import java.time.Duration;

/**
 * A target's service level objectives: the share of time it passes its expectations ({@code
 * availability}) and the share of probes that answer faster than {@code latency.below}, each over a
 * rolling {@code window}. Either objective may be absent; a policy with neither is no SLO. Ratios
 * are fractions (0.999 for 99.9 %), strictly between 0 and 1, so every objective leaves a budget.
 */
public record SloPolicy(Double availability, Latency latency, Duration window, boolean burnAlerts) {
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
  public static final Duration MIN_WINDOW = Duration.ofHours(1);
  public static final Duration MAX_WINDOW = Duration.ofDays(90);

  /** The objective names, as in the {@code slo} label of the metrics. */
  public static final String AVAILABILITY = "availability";

  public static final String LATENCY = "latency";

  public SloPolicy {
    if (availability != null) {
      Ratios.check(availability);
    }
    if (window == null) {
      window = DEFAULT_WINDOW;
    }
    if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("window must be from 1h to 90d");
    }
  }

  /** Probes answering faster than {@code below} are good; {@code objective} is their share. */
  public record Latency(Duration below, double objective) {
    public Latency {
      if (below == null || below.isZero() || below.isNegative()) {
        throw new IllegalArgumentException("latency.below must be longer than zero");
      }
      Ratios.check(objective);
    }
  }

  /** No objectives yet: what a {@code defaults.slo} block without any starts from. */
  public static SloPolicy empty() {
    return new SloPolicy(null, null, DEFAULT_WINDOW, true);
  }

  /** True when at least one objective is set: only then does the target have an SLO. */
  public boolean isSet() {
    return availability != null || latency != null;
  }

  /** The objective ratio by name, or null when that objective is not set. */
  public Double objective(String slo) {
    return switch (slo) {
      case AVAILABILITY -> availability;
      case LATENCY -> latency == null ? null : latency.objective();
      default -> null;
    };
  }

  /** The window as people say it: {@code 30-day}, {@code 6-hour}. */
  public String windowWords() {
    long hours = window.toHours();
    return hours % 24 == 0 ? hours / 24 + "-day" : hours + "-hour";
  }

  static final class Ratios {
    private Ratios() {}

    static void check(double ratio) {
      if (!(ratio > 0 && ratio < 1)) {
        throw new IllegalArgumentException("an objective must be above 0% and below 100%");
      }
    }
  }
}
