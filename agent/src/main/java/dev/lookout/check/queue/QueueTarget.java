package dev.lookout.check.queue;

import dev.lookout.check.Facts;
import dev.lookout.check.GaugeValue;
import dev.lookout.check.Gauges;
import dev.lookout.check.Judgement;
import dev.lookout.check.TargetCheck;
import dev.lookout.config.Durations;
import dev.lookout.history.DepthSeries;
import dev.lookout.history.DepthSeries.Trend;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.status.TargetDetail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One queue target: the backlog depth over the check's own window, the judgement of each reading
 * against it, and the queue gauges. Every value the probe did not read this time becomes NaN, so a
 * failed probe never leaves the last good depth on display.
 */
final class QueueTarget implements TargetCheck<QueueObservation> {
  private final QueueCheck spec;
  private final DepthSeries depths;
  private final GaugeValue depth = new GaugeValue();
  private final GaugeValue growth = new GaugeValue();
  private final GaugeValue consumers = new GaugeValue();
  private final GaugeValue oldestAge = new GaugeValue();

  QueueTarget(QueueCheck spec) {
    this.spec = spec;
    this.depths = new DepthSeries(spec.window());
  }

  @Override
  public Judgement judge(
      ProbeResult result, QueueObservation o, Quantiles q, Instant now, long nanos) {
    QueueObservation read = result.answered() ? o : null;
    Trend trend = trend(read, nanos);
    depth.set(read == null ? Double.NaN : read.depth());
    consumers.set(read == null ? Double.NaN : read.consumers());
    oldestAge.set(read == null ? Double.NaN : read.oldestAgeSeconds());
    growth.set(read == null ? Double.NaN : trend.perSecond());
    if (read == null) {
      return Judgement.unanswered(result, TargetDetail.EMPTY);
    }
    return new Judgement(QueueEvaluator.evaluate(spec.expect(), read, trend), detail(read, trend));
  }

  /**
   * Adds an answered probe's depth to the history and fits the trend. A failed probe adds nothing
   * and gets no trend: a rate from older samples would be reported as current.
   */
  private Trend trend(QueueObservation o, long nanos) {
    if (o == null) {
      depths.evict(nanos);
      return Trend.NONE;
    }
    depths.add(nanos, o.depth());
    return depths.trend(nanos);
  }

  /** Depth, growth, consumers and the oldest message's age. */
  static TargetDetail detail(QueueObservation o, Trend trend) {
    List<String> facts = new ArrayList<>(4);
    facts.add("depth " + Facts.whole(o.depth()));
    Double growth = trend.known() ? trend.perMinute() : null;
    if (growth != null) {
      facts.add(
          (growth > 0 ? "growing " : growth < 0 ? "draining " : "flat ")
              + (growth == 0 ? "" : Facts.whole(Math.abs(growth)) + "/min"));
    }
    if (o.hasConsumers()) {
      facts.add(Facts.plural((long) o.consumers(), "consumer", "consumers"));
    }
    if (o.hasOldestAge()) {
      facts.add(
          "oldest " + Durations.human(Duration.ofMillis((long) (o.oldestAgeSeconds() * 1000))));
    }
    TargetDetail.Field depthField = TargetDetail.Field.of("queue_depth", o.depth());
    return new TargetDetail(
        facts,
        growth == null
            ? List.of(depthField)
            : List.of(depthField, TargetDetail.Field.of("queue_growth_per_minute", growth)));
  }

  @Override
  public void gauges(Gauges out) {
    out.gauge("lookout_queue_depth", "Backlog depth read by the last probe", depth.get());
    out.gauge(
        "lookout_queue_growth_per_second",
        "Least-squares slope of the backlog depth over the queue window, in messages per second",
        growth.get());
    out.gauge(
        "lookout_queue_consumers", "Consumers reported by the stats endpoint", consumers.get());
    out.gauge(
        "lookout_queue_oldest_age_seconds",
        "Age of the oldest waiting message reported by the stats endpoint",
        oldestAge.get());
  }
}
