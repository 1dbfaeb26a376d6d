package dev.lookout.status;

import java.util.List;

/**
 * A target's uptime as the status page and {@code /api/status} show it: the share of known time it
 * passed over 24 h, 7 d and 30 d (with its down and unknown time), and the error budget left of
 * each objective. Made by the runtime from the SLO tracker, refreshed every few seconds.
 *
 * @param windows 24 h, 7 d, 30 d, in that order
 * @param budgets one per objective of the target's {@code slo}; empty without one
 */
public record UptimeView(List<Window> windows, List<BudgetLeft> budgets) {
  public static final UptimeView NONE = new UptimeView(List.of(), List.of());

  public UptimeView {
    windows = List.copyOf(windows);
    budgets = List.copyOf(budgets);
  }

  /**
   * @param label {@code 24h}, {@code 7d}, {@code 30d}
   * @param ratio the share of known time passing; NaN when no time is known yet
   */
  public record Window(String label, double ratio, double downSeconds, double unknownSeconds) {}

  /**
   * @param slo {@code availability} or {@code latency}
   * @param objective the target share, 0–1
   * @param window the budget window's label ({@code 30d})
   * @param remainingRatio the share of the budget left (negative when overspent)
   * @param text {@code budget left: 31 min of 43 min (72 %)}
   */
  public record BudgetLeft(
      String slo, double objective, String window, double remainingRatio, String text) {}
}
