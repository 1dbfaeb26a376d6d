package dev.lookout.check;

import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.Observation;
import dev.lookout.probe.ProbeResult;
import java.time.Instant;

/**
 * One target's instance of its check type. Owned by the target's lane, which calls {@link #judge}
 * once per result; scrapes call {@link #gauges} from another thread, so what they read is volatile
 * or concurrent.
 *
 * @param <O> the observations of the type's probe
 */
public interface TargetCheck<O extends Observation> {
  /**
   * Adds the result to the type's history (if it keeps one), then judges it: findings, facts and
   * the per-type gauges, computed once for metrics, the status page, {@code /api/status}, alerts
   * and {@code lookout once} alike.
   *
   * @param observation the result's observation, or null when it has none
   * @param window the target's latency window, this result included
   * @param nanos a {@link System#nanoTime()} reading for the history
   */
  Judgement judge(ProbeResult result, O observation, Quantiles window, Instant now, long nanos);

  /** Writes the type's own series (everything but the probe success, duration and latency). */
  void gauges(Gauges out);
}
