package dev.lookout.metrics;

import dev.lookout.checks.CheckTypes;
import dev.lookout.config.Target;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import java.time.Instant;

/**
 * A target's meters with its check type's series, fed the way the target's runtime feeds them: each
 * result judged once by the type, then recorded.
 */
final class TypedMeters implements AutoCloseable {
  private final TargetMeters meters;
  private final CheckTypes.Bound check;

  TypedMeters(LookoutMetrics metrics, Target target) {
    meters = metrics.forTarget(target);
    check = CheckTypes.bind(target);
    meters.check(check);
  }

  void record(ProbeResult result, boolean healthy, Quantiles window) {
    check.judge(result, window, Instant.now(), System.nanoTime());
    meters.record(result, healthy, window);
  }

  @Override
  public void close() {
    meters.close();
  }
}
