package dev.lookout.metrics;

import dev.lookout.history.LatencyWindow.Quantiles;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code lookout_probe_latency_seconds{target,quantile}}: the exact p50/p95/p99 of each target's
 * latency window. Exposed as a Prometheus summary (quantiles plus {@code _count} and {@code _sum}
 * of the window), the type Prometheus defines for client-side quantiles over a sliding window;
 * Micrometer only offers approximate ones, so this collector sits beside it on the same registry.
 */
final class WindowQuantiles implements Collector {
  static final String NAME = "lookout_probe_latency_seconds";

  private final Labels agentLabels;
  private final Map<String, Quantiles> byTarget = new ConcurrentHashMap<>();

  WindowQuantiles(Labels agentLabels) {
    this.agentLabels = agentLabels;
  }

  void put(String target, Quantiles q) {
    byTarget.put(target, q);
  }

  void remove(String target) {
    byTarget.remove(target);
  }

  @Override
  public MetricSnapshot collect() {
    SummarySnapshot.Builder summary =
        SummarySnapshot.builder()
            .name(NAME)
            .help("Exact latency quantiles over each target's window");
    byTarget.forEach(
        (target, q) -> {
          if (q.count() > 0) {
            summary.dataPoint(
                SummaryDataPointSnapshot.builder()
                    .labels(agentLabels.add("target", target))
                    .count(q.count())
                    .sum(q.sum())
                    .quantiles(
                        io.prometheus.metrics.model.snapshots.Quantiles.of(
                            new Quantile(0.5, q.p50()),
                            new Quantile(0.95, q.p95()),
                            new Quantile(0.99, q.p99())))
                    .build());
          }
        });
    return summary.build();
  }
}
