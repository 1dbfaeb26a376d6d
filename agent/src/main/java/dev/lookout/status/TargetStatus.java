package dev.lookout.status;

import dev.lookout.alert.AlertStateMachine;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyTrail;
import dev.lookout.history.LatencyWindow.Quantiles;
import java.time.Instant;
import java.util.List;

/**
 * An immutable snapshot of one target for {@code /api/status}, the status page and {@code lookout
 * once}: written by the target's lane after every probe, read by any thread.
 *
 * @param stateSince when {@code state} last changed (the first probe counts as a change); null
 *     before the first probe
 * @param detail what the check type has to say beyond findings (certificate days, queue depth)
 * @param trail the latest latency samples of the window, for a sparkline
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
    Instant failingSince,
    Instant stateSince,
    TargetDetail detail,
    LatencyTrail trail,
    UptimeView uptime,
    TargetInfo info,
    List<TargetInfo.Change> changes) {

  /** Verdict changes a target keeps for its page, newest last. */
  public static final int CHANGES_KEPT = 20;

  public TargetStatus {
    findings = List.copyOf(findings);
    uptime = uptime == null ? UptimeView.NONE : uptime;
    info = info == null ? TargetInfo.NONE : info;
    changes = changes == null ? List.of() : changes;
  }

  /** A target not probed yet, with what the config says about it. */
  public static TargetStatus pending(String name, String type, TargetInfo info) {
    return pending(name, type).withInfo(info);
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
        null,
        null,
        TargetDetail.EMPTY,
        LatencyTrail.EMPTY,
        UptimeView.NONE,
        TargetInfo.NONE,
        List.of());
  }

  /** This snapshot with another sparkline. */
  public TargetStatus withTrail(LatencyTrail trail) {
    return new TargetStatus(
        name,
        type,
        state,
        healthy,
        lastProbeAt,
        lastDurationSeconds,
        lastError,
        findings,
        latency,
        failingSince,
        stateSince,
        detail,
        trail,
        uptime,
        info,
        changes);
  }

  /** This snapshot with what the config now says about the target. */
  public TargetStatus withInfo(TargetInfo info) {
    return new TargetStatus(
        name,
        type,
        state,
        healthy,
        lastProbeAt,
        lastDurationSeconds,
        lastError,
        findings,
        latency,
        failingSince,
        stateSince,
        detail,
        trail,
        uptime,
        info,
        changes);
  }

  /** This snapshot with its uptime and budgets. */
  public TargetStatus withUptime(UptimeView uptime) {
    return new TargetStatus(
        name,
        type,
        state,
        healthy,
        lastProbeAt,
        lastDurationSeconds,
        lastError,
        findings,
        latency,
        failingSince,
        stateSince,
        detail,
        trail,
        uptime,
        info,
        changes);
  }

  /** Whether the target has been probed at all yet. */
  public boolean probed() {
    return lastProbeAt != null;
  }
}
