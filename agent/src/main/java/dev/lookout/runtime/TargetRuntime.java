package dev.lookout.runtime;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.AlertStateMachine;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Evaluator;
import dev.lookout.evaluate.Verdict;
import dev.lookout.history.LatencyWindow;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.metrics.TargetMeters;
import dev.lookout.probe.ProbeResult;
import java.time.Clock;
import java.util.Optional;

/**
 * Everything one target keeps between probes: its latency window, its meters and its alert state.
 * Owned by one lane; {@link #onResult} is the one path from a probe result to metrics, status and
 * alerts.
 */
final class TargetRuntime {
  private Target target;
  private final LatencyWindow window;
  private final TargetMeters meters;
  private final AlertStateMachine alert;
  private final Clock clock;
  private volatile TargetStatus status;

  TargetRuntime(Target target, TargetMeters meters, Clock clock) {
    this.target = target;
    this.window = new LatencyWindow(target.window());
    this.meters = meters;
    this.alert = new AlertStateMachine(target.name(), target.labels(), target.alert());
    this.clock = clock;
    this.status = TargetStatus.pending(target.name(), target.type());
  }

  Target target() {
    return target;
  }

  /** A new definition with the same check: history and alert state carry over. */
  void update(Target target) {
    this.target = target;
    alert.policy(target.alert());
    alert.labels(target.labels());
  }

  /** The alert state to persist, so a restart neither re-announces nor forgets an incident. */
  AlertStateMachine.Snapshot alertSnapshot() {
    return alert.snapshot();
  }

  /** Carries on from the state a previous run persisted (only before the first probe result). */
  void restoreAlert(AlertStateMachine.Snapshot snapshot) {
    alert.restore(snapshot);
  }

  TargetStatus status() {
    return status;
  }

  Optional<AlertEvent> onResult(ProbeResult result) {
    long now = System.nanoTime();
    if (result.answered()) {
      window.add(now, result.seconds());
    } else {
      window.evict(now);
    }
    Quantiles q = window.quantiles();
    Verdict verdict = Evaluator.evaluate(target, result, q, clock.instant());
    meters.record(result, verdict.healthy(), q);
    Optional<AlertEvent> event = alert.observe(verdict, clock.instant());
    status =
        new TargetStatus(
            target.name(),
            target.type(),
            alert.state(),
            verdict.healthy(),
            result.startedAt(),
            result.seconds(),
            result.failure(),
            verdict.findings(),
            q,
            alert.failingSince());
    return event;
  }

  void close() {
    meters.close();
  }
}
