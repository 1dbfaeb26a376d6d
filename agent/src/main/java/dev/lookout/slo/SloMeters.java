package dev.lookout.slo;

import dev.lookout.config.SloPolicy;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The uptime and SLO series, read from the tracker at scrape time (a few numbers per target, no
 * meters; uptime and budgets as its last {@link SloTracker#uptimeAll()} computed them, every 15 s):
 * register it with the Prometheus registry ({@code
 * metrics.registry().getPrometheusRegistry().register(new SloMeters(tracker, labels))}).
 */
public final class SloMeters implements MultiCollector {
  private final SloTracker tracker;
  private final Labels agentLabels;

  /**
   * Each target's {@code target, window} labels by {@link Uptime#WINDOWS} index, made at its first
   * scrape and kept (three thousand labels built and validated anew were a good part of every
   * scrape at a thousand targets); a target gone from the tracker is dropped.
   */
  private final Map<String, Labels[]> windowLabels = new ConcurrentHashMap<>();

  public SloMeters(SloTracker tracker, Map<String, String> agentLabels) {
    this.tracker = tracker;
    Labels l = Labels.EMPTY;
    for (Map.Entry<String, String> e : agentLabels.entrySet()) {
      l = l.add(e.getKey(), e.getValue());
    }
    this.agentLabels = l;
  }

  @Override
  public MetricSnapshots collect() {
    Points points = new Points();
    Instant now = tracker.now();
    // Uptime and budgets as the 15-second refresh computed them; a target it has not seen yet, or
    // knew nothing of then (an agent just started), is tallied now. Burn rates and event counts
    // are read as they are.
    Map<String, Uptime.Report> recent = tracker.recentUptime();
    java.util.Collection<SloTracker.Entry> entries = tracker.entries();
    for (SloTracker.Entry e : entries) {
      Uptime.Report report = recent.get(e.name);
      if (report == null || nothingKnown(report)) {
        report = tracker.uptime(e.name);
      }
      if (report == null) {
        continue;
      }
      addUptime(points, e.name, report.uptime());
      for (Budget b : report.budgets()) {
        addBudget(points, e, b, now);
      }
    }
    if (windowLabels.size() > entries.size()) {
      java.util.Set<String> names = new java.util.HashSet<>();
      entries.forEach(e -> names.add(e.name));
      windowLabels.keySet().retainAll(names);
    }
    return points.snapshots();
  }

  /** One target's uptime and unknown time, per window. */
  private void addUptime(Points points, String target, List<Uptime> uptimes) {
    Labels[] byWindow =
        windowLabels.computeIfAbsent(target, n -> new Labels[Uptime.WINDOWS.size()]);
    for (Uptime u : uptimes) {
      Labels l = windowLabels(byWindow, target, u);
      if (!Double.isNaN(u.ratio())) {
        points.uptime.add(new GaugeDataPointSnapshot(u.ratio(), l, null));
      }
      points.unknown.add(new GaugeDataPointSnapshot(u.unknownSeconds(), l, null));
    }
  }

  /** One SLO of a target: its objective, budget left, burn rates and good and bad events. */
  private void addBudget(Points points, SloTracker.Entry e, Budget b, Instant now) {
    Labels l = labels("target", e.name, "slo", b.slo());
    points.objective.add(new GaugeDataPointSnapshot(b.objective(), l, null));
    points.budget.add(new GaugeDataPointSnapshot(b.remainingRatio(), l, null));
    for (Duration w : BurnWindow.RATE_WINDOWS) {
      double rate = BurnAlerts.rate(e, now, w, b.slo(), b.objective(), 0);
      points.burn.add(
          new GaugeDataPointSnapshot(
              rate, labels("target", e.name, "slo", b.slo(), "window", BurnWindow.label(w)), null));
    }
    int good =
        b.slo().equals(SloPolicy.AVAILABILITY)
            ? SloTracker.EVENTS_AVAILABILITY_GOOD
            : SloTracker.EVENTS_LATENCY_GOOD;
    points.events.add(counter(e, b.slo(), "good", e.events(good)));
    points.events.add(counter(e, b.slo(), "bad", e.events(good + 1)));
  }

  /** One scrape's data points, by series; a series without points is left out. */
  private static final class Points {
    final List<GaugeDataPointSnapshot> uptime = new ArrayList<>();
    final List<GaugeDataPointSnapshot> unknown = new ArrayList<>();
    final List<GaugeDataPointSnapshot> objective = new ArrayList<>();
    final List<GaugeDataPointSnapshot> budget = new ArrayList<>();
    final List<GaugeDataPointSnapshot> burn = new ArrayList<>();
    final List<CounterDataPointSnapshot> events = new ArrayList<>();

    MetricSnapshots snapshots() {
      List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out = new ArrayList<>();
      gauge(
          out, "lookout_uptime_ratio", "Share of known time the target passed, by window", uptime);
      gauge(out, "lookout_unknown_seconds", "Time in the window with no verdict", unknown);
      gauge(out, "lookout_slo_objective_ratio", "The objective of the SLO", objective);
      gauge(
          out,
          "lookout_slo_error_budget_remaining_ratio",
          "Share of the error budget left over the SLO window (negative once spent)",
          budget);
      gauge(out, "lookout_slo_burn_rate", "Error ratio over the ratio the objective allows", burn);
      if (!events.isEmpty()) {
        CounterSnapshot.Builder c =
            CounterSnapshot.builder()
                .name("lookout_slo_events")
                .help("Probes judged for an SLO, good or bad");
        events.forEach(c::dataPoint);
        out.add(c.build());
      }
      return new MetricSnapshots(out);
    }
  }

  /** The labels of one window's points, from {@code cache} or made into it. */
  private Labels windowLabels(Labels[] cache, String target, Uptime u) {
    int i = Uptime.WINDOWS.indexOf(u.window());
    if (i < 0) {
      return labels("target", target, "window", u.label());
    }
    Labels l = cache[i];
    if (l == null) {
      // Two scrapes at once may both make it: the same value, either kept.
      l = labels("target", target, "window", u.label());
      cache[i] = l;
    }
    return l;
  }

  private static boolean nothingKnown(Uptime.Report report) {
    return report.uptime().stream().allMatch(u -> Double.isNaN(u.ratio()));
  }

  private CounterDataPointSnapshot counter(
      SloTracker.Entry e, String slo, String result, long value) {
    return new CounterDataPointSnapshot(
        value, labels("target", e.name, "slo", slo, "result", result), null, 0);
  }

  private Labels labels(String... pairs) {
    return agentLabels.merge(Labels.of(pairs));
  }

  private static void gauge(
      List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out,
      String name,
      String help,
      List<GaugeDataPointSnapshot> points) {
    if (points.isEmpty()) {
      return;
    }
    GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(help);
    points.forEach(g::dataPoint);
    out.add(g.build());
  }
}
