package dev.lookout.runtime;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.AlertStateMachine;
import dev.lookout.check.Judgement;
import dev.lookout.checks.CheckTypes;
import dev.lookout.config.Target;
import dev.lookout.history.LatencyTrail;
import dev.lookout.history.LatencyWindow;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.metrics.TargetMeters;
import dev.lookout.probe.ProbeResult;
import dev.lookout.status.TargetDetail;
import dev.lookout.status.TargetInfo;
import dev.lookout.status.TargetStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one target keeps between probes: its latency window, its meters and its alert state.
 * Owned by one lane; {@link #onResult} is the one path from a probe result to metrics, status and
 * alerts.
 */
final class TargetRuntime {
  /** Samples in a sparkline: enough to see a trend, few enough for a page of thousands. */
  static final int TRAIL_SAMPLES = 40;

  private Target target;
  private final LatencyWindow window;

  /** The target's instance of its check type: its history, its judgement, its own series. */
  private final CheckTypes.Bound check;

  private final TargetMeters meters;
  private final AlertStateMachine alert;
  private final Clock clock;

  /** The latest snapshot, without its sparkline: that is taken when somebody asks. */
  private TargetStatus status;

  /** {@link #status} with its sparkline, until the next result. */
  private TargetStatus shown;

  TargetRuntime(Target target, TargetMeters meters, Clock clock) {
    this.target = target;
    this.window = new LatencyWindow(target.window());
    this.check = CheckTypes.bind(target);
    this.meters = meters;
    meters.check(check);
    this.alert = new AlertStateMachine(target.name(), target.labels(), target.alert());
    this.clock = clock;
    this.info = TargetInfo.of(target);
    this.status = TargetStatus.pending(target.name(), target.type(), info);
  }

  /** What the config says about the target, for the status surfaces. */
  private TargetInfo info;

  Target target() {
    return target;
  }

  /** A new definition with the same check: history and alert state carry over. */
  void update(Target target) {
    this.target = target;
    alert.policy(target.alert());
    alert.labels(target.labels());
    this.info = TargetInfo.of(target);
    this.status = status.withInfo(info);
    this.shown = null;
  }

  /** The alert state to persist, so a restart neither re-announces nor forgets an incident. */
  AlertStateMachine.Snapshot alertSnapshot() {
    return alert.snapshot();
  }

  /** Carries on from the state a previous run persisted (only before the first probe result). */
  void restoreAlert(AlertStateMachine.Snapshot snapshot) {
    alert.restore(snapshot);
    persisted = snapshot.interesting() ? snapshot : null;
  }

  /** The alert state last handed to {@link #persistAlert}; null when there was nothing to keep. */
  private AlertStateMachine.Snapshot persisted;

  /**
   * Hands {@code sink} this target's alert state when it changed in a way a restart cares about
   * (null: nothing left to keep). A quiet, healthy target costs nothing here; a long outage costs
   * nothing after its first probes, since its state stops changing.
   */
  void persistAlert(java.util.function.BiConsumer<String, AlertStateMachine.Snapshot> sink) {
    if (persisted == null && alert.state() == AlertStateMachine.State.OK && !alert.announced()) {
      return;
    }
    AlertStateMachine.Snapshot now = alert.snapshot();
    AlertStateMachine.Snapshot keep = now.interesting() ? now : null;
    if (keep == null ? persisted != null : keep.differsFrom(persisted)) {
      persisted = keep;
      sink.accept(target.name(), keep);
    }
  }

  /** The target leaves this lane: whatever was persisted for it is forgotten. */
  void forgetAlert(java.util.function.BiConsumer<String, AlertStateMachine.Snapshot> sink) {
    if (persisted != null) {
      persisted = null;
      sink.accept(target.name(), null);
    }
  }

  /**
   * The verdict changes kept for the target's page: a new entry when it starts or stops passing, or
   * when which expectations fail changes (not when only a figure in a finding moves).
   */
  private static List<TargetInfo.Change> changes(
      TargetStatus previous, Judgement judgement, java.time.Instant at) {
    List<TargetInfo.Change> kept = previous.changes();
    boolean same =
        previous.probed()
            && previous.healthy() == judgement.healthy()
            // The common case, a passing target passing again, allocates nothing.
            && (previous.findings().isEmpty() && judgement.findings().isEmpty()
                || expectations(previous.findings()).equals(expectations(judgement.findings())));
    if (same) {
      return kept;
    }
    List<TargetInfo.Change> next = new java.util.ArrayList<>(kept.size() + 1);
    int from = Math.max(0, kept.size() + 1 - TargetStatus.CHANGES_KEPT);
    next.addAll(kept.subList(from, kept.size()));
    next.add(
        new TargetInfo.Change(
            at,
            judgement.healthy(),
            judgement.findings().stream().map(dev.lookout.evaluate.Finding::message).toList()));
    return List.copyOf(next);
  }

  private static List<String> expectations(List<dev.lookout.evaluate.Finding> findings) {
    return findings.stream().map(dev.lookout.evaluate.Finding::expectation).sorted().toList();
  }

  /** The latest snapshot without its sparkline: cheap, for code that runs at every result. */
  TargetStatus snapshot() {
    return status;
  }

  /**
   * The latest snapshot. Its sparkline is taken from the window here, on the lane, rather than
   * after every probe: at thousands of probes a second, a trail per result was garbage that lived
   * just long enough to cost a full collection, and most are never shown.
   */
  TargetStatus status() {
    TargetStatus s = shown;
    if (s == null) {
      s = status.probed() ? status.withTrail(window.trail(TRAIL_SAMPLES)) : status;
      shown = s;
    }
    return s;
  }

  /** The target was removed from the config: resolves an announced alert, with that reason. */
  Optional<AlertEvent> retire() {
    return alert.retire(clock.instant());
  }

  /** Whether the latest result passed its expectations. */
  boolean healthy() {
    return status.healthy();
  }

  Optional<AlertEvent> onResult(ProbeResult result) {
    return onResult(result, System.nanoTime());
  }

  /** {@code now} is a {@link System#nanoTime()} reading; tests pass their own to skip ahead. */
  Optional<AlertEvent> onResult(ProbeResult result, long now) {
    if (result.answered()) {
      window.add(now, result.seconds());
    } else {
      window.evict(now);
    }
    Quantiles q = window.quantiles();
    Instant at = clock.instant();
    Judgement judgement = check.judge(result, q, at, now);
    meters.record(result, judgement.healthy(), q);
    Optional<AlertEvent> event = alert.observe(judgement.verdict(), at);
    TargetStatus previous = status;
    boolean changed = !previous.probed() || previous.state() != alert.state();
    TargetDetail detail = judgement.detail();
    shown = null;
    status =
        new TargetStatus(
            target.name(),
            target.type(),
            alert.state(),
            judgement.healthy(),
            result.startedAt(),
            result.seconds(),
            result.failure(),
            judgement.findings(),
            q,
            alert.failingSince(),
            changed ? at : previous.stateSince(),
            // An unchanged detail is kept, not replaced by an equal copy.
            detail.equals(previous.detail()) ? previous.detail() : detail,
            LatencyTrail.EMPTY,
            null,
            info,
            changes(previous, judgement, at));
    return event;
  }

  void close() {
    meters.close();
  }
}
