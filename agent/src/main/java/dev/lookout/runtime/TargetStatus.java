package dev.lookout.runtime;

import dev.lookout.alert.AlertStateMachine;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import java.time.Instant;
import java.util.List;

/**
 * An immutable snapshot of one target for {@code /api/status} and {@code lookout once}: written by
 * the target's lane after every probe, read by any thread.
 */
public record TargetStatus(
    String name,
    String type,
    AlertStateMachine.State state,
    boolean healthy,
    Instant lastProbeAt,
    double lastDurationSeconds,
    String lastError,
    List<Finding> findings,
    Quantiles latency,
    Instant failingSince) {

  public TargetStatus {
    findings = List.copyOf(findings);
  }

  public static TargetStatus pending(String name, String type) {
    return new TargetStatus(
        name,
        type,
        AlertStateMachine.State.OK,
        false,
        null,
        Double.NaN,
        null,
        List.of(),
        Quantiles.EMPTY,
        null);
  }
}
