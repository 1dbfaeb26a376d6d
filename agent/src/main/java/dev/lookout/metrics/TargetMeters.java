package dev.lookout.metrics;

import dev.lookout.check.Gauges;
import dev.lookout.checks.CheckTypes;
import dev.lookout.config.Target;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The series of one target: plain fields that the target's lane writes after each probe and {@link
 * TargetSeries} reads at scrape time. Removed as a whole when the target goes away, so a renamed
 * target leaves no stale series behind. Written by one thread, read by scrapes from another: every
 * value is volatile or atomic.
 */
public final class TargetMeters implements AutoCloseable {
  private final String name;
  private final String type;
  private final TargetSeries series;
  private volatile Quantiles window = Quantiles.EMPTY;

  /** Upper bounds of the duration histogram's buckets, shared by every target. */
  private static final long[] BOUND_NANOS = boundNanos(LookoutMetrics.LATENCY_BUCKETS);

  private static final double[] BOUND_SECONDS = boundSeconds(BOUND_NANOS);
  private final AtomicLongArray bucketCounts;
  private final AtomicLong sumNanos = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final Value success = new Value(Double.NaN);

  /**
   * The labels of this target's points, made at its first scrape and kept: a thousand targets'
   * labels, built and validated anew, were a good part of every scrape. Null until then.
   */
  private volatile OwnLabels labels;

  /** {@code target}, and {@code target, type}, each after the agent's labels. */
  private record OwnLabels(Labels target, Labels typed) {}

  /** The check type's own series; none until the target's runtime hands them over. */
  private volatile CheckTypes.Bound check;

  /** A gauge's current value; volatile because scrapes read it from another thread. */
  static final class Value {
    volatile double v;

    Value(double v) {
      this.v = v;
    }
  }

  TargetMeters(TargetSeries series, Target target) {
    this.series = series;
    this.name = target.name();
    this.type = target.type();
    bucketCounts = new AtomicLongArray(BOUND_SECONDS.length);
    series.add(this);
  }

  private static long[] boundNanos(Duration[] buckets) {
    long[] nanos = new long[buckets.length];
    for (int i = 0; i < buckets.length; i++) {
      nanos[i] = buckets[i].toNanos();
    }
    return nanos;
  }

  /** The bounds in seconds, with +Inf last, as Prometheus wants them. */
  private static double[] boundSeconds(long[] nanos) {
    double[] seconds = new double[nanos.length + 1];
    for (int i = 0; i < nanos.length; i++) {
      seconds[i] = nanos[i] / 1e9;
    }
    seconds[nanos.length] = Double.POSITIVE_INFINITY;
    return seconds;
  }

  String name() {
    return name;
  }

  /**
   * Publishes the series of the target's check type ({@code lookout_http_status_code}, {@code
   * lookout_dns_drift} …), which it keeps up to date as it judges each result.
   */
  public void check(CheckTypes.Bound check) {
    this.check = check;
  }

  /** Records one probe and its verdict. */
  public void record(ProbeResult result, boolean healthy, Quantiles window) {
    success.v = healthy ? 1 : 0;
    long nanos = Math.max(0, result.duration().toNanos());
    int bucket = 0;
    while (bucket < BOUND_NANOS.length && nanos > BOUND_NANOS[bucket]) {
      bucket++;
    }
    sumNanos.addAndGet(nanos);
    bucketCounts.incrementAndGet(bucket);
    this.window = window;
  }

  /** Counts planned starts that were skipped because the previous probe still ran. */
  void skipped(long count) {
    skipped.addAndGet(count);
  }

  /** Adds this target's points to a scrape. */
  void collect(TargetSeries.Families f) {
    OwnLabels own = labels;
    if (own == null) {
      // Two scrapes at once may both make them: the same values, either kept.
      own = new OwnLabels(f.labels("target", name), f.labels("target", name, "type", type));
      labels = own;
    }
    Labels target = own.target();
    Labels typed = own.typed();
    // Absent until the first verdict: a NaN sample would poison avg_over_time() for its range.
    if (!Double.isNaN(success.v)) {
      f.gauge(
          "lookout_probe_success", "1 if the last probe met every expectation", success.v, typed);
    }
    long[] counts = new long[BOUND_SECONDS.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = bucketCounts.get(i);
    }
    f.histogram(
        "lookout_probe_duration_seconds",
        "Probe latency",
        ClassicHistogramBuckets.of(BOUND_SECONDS, counts),
        sumNanos.get() / 1e9,
        typed);
    Quantiles q = window;
    if (q.count() > 0) {
      // Exact quantiles over the target's window: Prometheus's type for client-side quantiles.
      f.summary(
          "lookout_probe_latency_seconds",
          "Exact latency quantiles over each target's window",
          q,
          target);
    }
    f.counter(
        "lookout_probes_skipped",
        "Planned probe starts skipped because the previous probe of the target was still running",
        skipped.get(),
        target);
    CheckTypes.Bound c = check;
    if (c != null) {
      c.gauges(new TargetGauges(f, target));
    }
  }

  /** The check type's series of one scrape, each labelled with the target. */
  private final class TargetGauges implements Gauges {
    private final TargetSeries.Families f;
    private final Labels target;

    TargetGauges(TargetSeries.Families f, Labels target) {
      this.f = f;
      this.target = target;
    }

    @Override
    public void gauge(String metric, String help, double value, String... labels) {
      if (labels.length == 0) {
        f.gauge(metric, help, value, target);
        return;
      }
      String[] pairs = java.util.Arrays.copyOf(labels, labels.length + 2);
      pairs[labels.length] = "target";
      pairs[labels.length + 1] = name;
      f.gauge(metric, help, value, f.labels(pairs));
    }
  }

  @Override
  public void close() {
    series.remove(this);
  }
}
