package dev.lookout.slo;

import java.time.Duration;
import java.util.List;

/**
 * Uptime over one window, by time: the share of known time passing ({@code ratio}, NaN when nothing
 * is known), the failing time, and the time no verdict covers (the agent down, the target not yet
 * watched), which is in neither.
 */
public record Uptime(Duration window, double ratio, double downSeconds, double unknownSeconds) {
  /** The windows every target reports, with or without an SLO. */
  public static final List<Duration> WINDOWS =
      List.of(Duration.ofHours(24), Duration.ofDays(7), Duration.ofDays(30));

  static Uptime of(Duration window, Tally t) {
    return new Uptime(window, t.availability(), t.badSeconds(), t.unknownSeconds());
  }

  /** {@code 24h}, {@code 7d}, {@code 30d}: the {@code window} label. */
  public String label() {
    return window.equals(Duration.ofHours(24)) ? "24h" : BurnWindow.label(window);
  }

  /** A target's uptime over {@link #WINDOWS} and the budgets of its objectives (none without). */
  public record Report(List<Uptime> uptime, List<Budget> budgets) {
    public Report {
      uptime = List.copyOf(uptime);
      budgets = List.copyOf(budgets);
    }
  }
}
