package dev.lookout.slo;

import dev.lookout.config.SloPolicy;
import java.time.Duration;
import java.util.Locale;

/**
 * An objective's error budget over its window: {@code (1 − objective) × window} of failing time for
 * availability, {@code (1 − objective)} of the probes for latency. {@code remainingRatio} goes
 * below zero once the budget is spent; {@code seconds} are null for latency (a share of probes).
 */
public record Budget(
    String slo,
    double objective,
    Duration window,
    double remainingRatio,
    Double totalSeconds,
    Double remainingSeconds) {

  static Budget availability(double objective, Duration window, Tally t) {
    double total = (1 - objective) * window.toSeconds();
    double remaining = total - t.badSeconds();
    return new Budget(
        SloPolicy.AVAILABILITY, objective, window, remaining / total, total, remaining);
  }

  static Budget latency(double objective, Duration window, Tally t) {
    double allowed = (1 - objective) * t.latencyTotal();
    double ratio = allowed > 0 ? 1 - t.latencyBad() / allowed : 1;
    return new Budget(SloPolicy.LATENCY, objective, window, ratio, null, null);
  }

  /** {@code budget left: 31 min of 43 min (72 %)}, or the share alone for latency. */
  public String text() {
    String share = Math.round(Math.max(0, remainingRatio) * 100) + " %";
    if (totalSeconds == null) {
      return "budget left: " + share;
    }
    return "budget left: "
        + amount(Math.max(0, remainingSeconds))
        + " of "
        + amount(totalSeconds)
        + " ("
        + share
        + ")";
  }

  /** A span as people say it: {@code 43 min}, {@code 7.2 h}, {@code 22 h}, {@code 3 d}. */
  static String amount(double seconds) {
    if (seconds < 90) {
      return Math.round(seconds) + " s";
    }
    if (seconds < 5400) {
      return Math.round(seconds / 60) + " min";
    }
    if (seconds < 10 * 3600) {
      return String.format(Locale.ROOT, "%.1f h", seconds / 3600).replace(".0 ", " ");
    }
    if (seconds < 72 * 3600) {
      return Math.round(seconds / 3600) + " h";
    }
    return Math.round(seconds / 86400) + " d";
  }
}
