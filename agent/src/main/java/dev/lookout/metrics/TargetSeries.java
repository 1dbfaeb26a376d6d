package dev.lookout.metrics;

import dev.lookout.history.LatencyWindow.Quantiles;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every per-target series, read from the targets' own fields at scrape time. A thousand targets
 * with a dozen series each would otherwise be twelve thousand Micrometer meters, each with its id,
 * tags and registry entries: most of the agent's heap. Here a target's series cost a few numbers,
 * and a scrape builds the snapshots once. Agent-wide meters stay in Micrometer.
 */
final class TargetSeries implements MultiCollector {
  private final Labels agentLabels;
  private final NavigableMap<String, TargetMeters> targets = new ConcurrentSkipListMap<>();
  private final NavigableMap<String, Boolean> firing = new ConcurrentSkipListMap<>();

  TargetSeries(Labels agentLabels) {
    this.agentLabels = agentLabels;
  }

  void add(TargetMeters meters) {
    targets.put(meters.name(), meters);
  }

  void remove(TargetMeters meters) {
    targets.remove(meters.name(), meters);
  }

  TargetMeters get(String target) {
    return targets.get(target);
  }

  /** Sets {@code lookout_alert_firing{target}}. */
  void firing(String target, boolean isFiring) {
    firing.put(target, isFiring);
  }

  /** Drops the firing series of a target that is gone. */
  void forgetFiring(String target) {
    firing.remove(target);
  }

  @Override
  public MetricSnapshots collect() {
    Families families = new Families(agentLabels);
    for (TargetMeters t : targets.values()) {
      t.collect(families);
    }
    firing.forEach(
        (target, on) ->
            families.gauge(
                "lookout_alert_firing",
                "1 while the target's alert is firing",
                on ? 1 : 0,
                families.labels("target", target)));
    return families.snapshots();
  }

  /**
   * The families of one scrape, in first-use order; a family no target contributed to is left out,
   * as Micrometer leaves out a meter name nobody registered.
   */
  static final class Families {
    private final Labels agentLabels;
    private final Map<String, Family> byName = new LinkedHashMap<>();

    Families(Labels agentLabels) {
      this.agentLabels = agentLabels;
    }

    /** Labels of a point: the agent's, then name/value pairs. */
    Labels labels(String... pairs) {
      return agentLabels.merge(Labels.of(pairs));
    }

    void gauge(String name, String help, double value, Labels labels) {
      family(name, help, Kind.GAUGE).gauges.add(new GaugeDataPointSnapshot(value, labels, null));
    }

    void counter(String name, String help, double value, Labels labels) {
      family(name, help, Kind.COUNTER)
          .counters
          .add(new CounterDataPointSnapshot(value, labels, null, 0));
    }

    void histogram(
        String name, String help, ClassicHistogramBuckets buckets, double sum, Labels l) {
      family(name, help, Kind.HISTOGRAM)
          .histograms
          .add(new HistogramDataPointSnapshot(buckets, sum, l, null, 0));
    }

    void summary(String name, String help, Quantiles q, Labels labels) {
      family(name, help, Kind.SUMMARY)
          .summaries
          .add(
              SummaryDataPointSnapshot.builder()
                  .labels(labels)
                  .count(q.count())
                  .sum(q.sum())
                  .quantiles(
                      io.prometheus.metrics.model.snapshots.Quantiles.of(
                          new Quantile(0.5, q.p50()),
                          new Quantile(0.95, q.p95()),
                          new Quantile(0.99, q.p99())))
                  .build());
    }

    private Family family(String name, String help, Kind kind) {
      return byName.computeIfAbsent(name, n -> new Family(n, help, kind));
    }

    MetricSnapshots snapshots() {
      List<MetricSnapshot> out = new ArrayList<>(byName.size());
      for (Family f : byName.values()) {
        out.add(f.snapshot());
      }
      return new MetricSnapshots(out);
    }
  }

  private enum Kind {
    GAUGE,
    COUNTER,
    HISTOGRAM,
    SUMMARY
  }

  private static final class Family {
    final String name;
    final String help;
    final Kind kind;
    final List<GaugeDataPointSnapshot> gauges = new ArrayList<>();
    final List<CounterDataPointSnapshot> counters = new ArrayList<>();
    final List<HistogramDataPointSnapshot> histograms = new ArrayList<>();
    final List<SummaryDataPointSnapshot> summaries = new ArrayList<>();

    Family(String name, String help, Kind kind) {
      this.name = name;
      this.help = help;
      this.kind = kind;
    }

    MetricSnapshot snapshot() {
      switch (kind) {
        case COUNTER:
          CounterSnapshot.Builder c = CounterSnapshot.builder().name(name).help(help);
          counters.forEach(c::dataPoint);
          return c.build();
        case HISTOGRAM:
          HistogramSnapshot.Builder h = HistogramSnapshot.builder().name(name).help(help);
          histograms.forEach(h::dataPoint);
          return h.build();
        case SUMMARY:
          SummarySnapshot.Builder m = SummarySnapshot.builder().name(name).help(help);
          summaries.forEach(m::dataPoint);
          return m.build();
        default:
          GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(help);
          gauges.forEach(g::dataPoint);
          return g.build();
      }
    }
  }
}
