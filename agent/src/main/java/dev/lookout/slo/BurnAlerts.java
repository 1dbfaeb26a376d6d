package dev.lookout.slo;

import dev.lookout.config.SloPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Decides the burn alerts of one target: per objective, a page fires while either page window burns
 * and a ticket while either ticket window does (long and short window both at the factor, the short
 * one with {@link BurnWindow#MIN_BAD_PROBES} bad probes); each resolves when none of its windows
 * burns any more. Burn rate: the window's error ratio over the ratio the objective allows.
 */
final class BurnAlerts {
  private BurnAlerts() {}

  static void evaluate(SloTracker.Entry e, Instant now, List<BurnEvent> out) {
    SloPolicy p = e.policy;
    for (String slo : List.of(SloPolicy.AVAILABILITY, SloPolicy.LATENCY)) {
      Double objective = p == null || !p.burnAlerts() ? null : p.objective(slo);
      for (BurnWindow.Severity kind : BurnWindow.Severity.values()) {
        decide(e, now, p, slo, objective, kind, out);
      }
    }
  }

  private static void decide(
      SloTracker.Entry e,
      Instant now,
      SloPolicy p,
      String slo,
      Double objective,
      BurnWindow.Severity kind,
      List<BurnEvent> out) {
    int slot = slot(slo, kind);
    long firedMillis;
    synchronized (e) {
      firedMillis = e.history.firedAt(slot);
    }
    boolean was = firedMillis != 0;
    Instant firedAt = was ? Instant.ofEpochMilli(firedMillis) : now;
    if (objective == null) {
      if (was) {
        setFiring(e, slot, 0);
        out.add(
            event(
                e,
                slo,
                kind,
                false,
                firedAt,
                0,
                "",
                e.name + "'s " + slo + " burn alert is resolved: the objective is no longer set"));
      }
      return;
    }
    BurnWindow worst = null;
    double worstRate = 0;
    double rate1h = 0;
    for (BurnWindow w : BurnWindow.values()) {
      double longRate = rate(e, now, w.longWindow, slo, objective, 0);
      if (w == BurnWindow.PAGE_1H) {
        rate1h = longRate;
      }
      if (w.severity == kind
          && burning(e, now, w, slo, objective)
          && (worst == null || longRate > worstRate)) {
        worst = w;
        worstRate = longRate;
      }
    }
    boolean is = worst != null;
    if (is == was) {
      return;
    }
    setFiring(e, slot, is ? now.toEpochMilli() : 0);
    if (is) {
      double remaining = remainingRatio(e, now, p, slo, objective);
      out.add(
          event(
              e,
              slo,
              kind,
              true,
              now,
              worstRate,
              BurnWindow.label(worst.longWindow),
              fireMessage(e.name, p, slo, worstRate, remaining)));
    } else {
      out.add(
          event(
              e,
              slo,
              kind,
              false,
              firedAt,
              rate1h,
              "1h",
              e.name
                  + "'s "
                  + p.windowWords()
                  + " "
                  + budgetWord(slo)
                  + " is no longer burning too fast ("
                  + times(rate1h)
                  + " over the last hour)"));
    }
  }

  /** Whether one window pair burns: both at the factor, the short one with enough bad probes. */
  static boolean burning(
      SloTracker.Entry e, Instant now, BurnWindow w, String slo, double objective) {
    return rate(e, now, w.longWindow, slo, objective, 0) >= w.factor
        && rate(e, now, w.shortWindow, slo, objective, BurnWindow.MIN_BAD_PROBES) >= w.factor;
  }

  /** The burn rate over a window; 0 unless it holds {@code minBad} bad probes. */
  static double rate(
      SloTracker.Entry e, Instant now, Duration window, String slo, double objective, int minBad) {
    Tally t = e.historyTally(now, window);
    boolean availability = slo.equals(SloPolicy.AVAILABILITY);
    long bad = availability ? t.badProbes() : t.latencyBad();
    if (bad < minBad) {
      return 0;
    }
    double error = availability ? t.availabilityErrorRatio() : t.latencyErrorRatio();
    return error / (1 - objective);
  }

  private static double remainingRatio(
      SloTracker.Entry e, Instant now, SloPolicy p, String slo, double objective) {
    Tally t = e.historyTally(now, p.window());
    Budget b =
        slo.equals(SloPolicy.AVAILABILITY)
            ? Budget.availability(objective, p.window(), t)
            : Budget.latency(objective, p.window(), t);
    return b.remainingRatio();
  }

  /**
   * {@code checkout is burning its 30-day error budget 33× too fast: at this rate it is gone in 22
   * h}. At burn rate r a whole budget lasts window / r; what is left lasts that share of it.
   */
  static String fireMessage(String target, SloPolicy p, String slo, double rate, double remaining) {
    String head =
        target
            + " is burning its "
            + p.windowWords()
            + " "
            + budgetWord(slo)
            + " "
            + times(rate)
            + " too fast";
    if (remaining <= 0) {
      return head + ": it is already spent";
    }
    double seconds = remaining * p.window().toSeconds() / rate;
    return head + ": at this rate it is gone in " + Budget.amount(seconds);
  }

  private static String budgetWord(String slo) {
    return slo.equals(SloPolicy.AVAILABILITY) ? "error budget" : "latency budget";
  }

  static String times(double rate) {
    return (rate >= 10
            ? String.valueOf(Math.round(rate))
            : String.format(Locale.ROOT, "%.1f", rate))
        + "×";
  }

  /** Burn alerts per target: availability and latency, each a page and a ticket. */
  static final int SLOTS = 4;

  static int slot(String slo, BurnWindow.Severity kind) {
    return (slo.equals(SloPolicy.AVAILABILITY) ? 0 : 2) + kind.ordinal();
  }

  private static void setFiring(SloTracker.Entry e, int slot, long firedAtMillis) {
    synchronized (e) {
      e.history.setFiredAt(slot, firedAtMillis);
      e.history.markOpenDirty();
    }
  }

  private static BurnEvent event(
      SloTracker.Entry e,
      String slo,
      BurnWindow.Severity kind,
      boolean firing,
      Instant firedAt,
      double rate,
      String window,
      String message) {
    return new BurnEvent(
        e.name,
        slo,
        kind,
        firing,
        firedAt,
        "slo:" + slo + ":" + kind.word(),
        kind.alertSeverity,
        rate,
        window,
        message);
  }
}
