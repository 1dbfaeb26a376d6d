package dev.lookout.alert;

import dev.lookout.config.AlertPolicy;
import dev.lookout.evaluate.Finding;
import dev.lookout.evaluate.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One target's alert: {@code ok → pending → firing → ok}. It fires after {@code after} failing
 * verdicts in a row and resolves after {@code resolve_after} passing ones in a row, so a single
 * blip neither pages nor un-pages anyone. Pure: time is passed in, nothing here does I/O.
 */
public final class AlertStateMachine {
  /** Where the alert stands. */
  public enum State {
    OK,
    PENDING,
    FIRING
  }

  private final String target;
  private AlertPolicy policy;
  private State state = State.OK;
  private int failures;
  private int passes;
  private Instant failingSince;
  private Instant firedAt;
  private Instant lastNotified;
  private List<Finding> findings = List.of();

  public AlertStateMachine(String target, AlertPolicy policy) {
    this.target = target;
    this.policy = policy;
  }

  public void policy(AlertPolicy policy) {
    this.policy = policy;
  }

  public State state() {
    return state;
  }

  public Instant failingSince() {
    return failingSince;
  }

  /** Feeds one verdict; returns the notification this step calls for, if any. */
  public Optional<AlertEvent> observe(Verdict verdict, Instant now) {
    if (!verdict.healthy()) {
      passes = 0;
      failures++;
      findings = verdict.findings();
      if (failingSince == null) {
        failingSince = now;
      }
      if (state == State.FIRING) {
        if (policy.repeat() != null && !now.isBefore(lastNotified.plus(policy.repeat()))) {
          lastNotified = now;
          return Optional.of(event(AlertEvent.Kind.REMINDER, now));
        }
        return Optional.empty();
      }
      if (failures >= policy.after()) {
        state = State.FIRING;
        firedAt = now;
        lastNotified = now;
        return Optional.of(event(AlertEvent.Kind.FIRING, now));
      }
      state = State.PENDING;
      return Optional.empty();
    }
    failures = 0;
    if (state == State.PENDING) {
      state = State.OK;
      failingSince = null;
      return Optional.empty();
    }
    if (state == State.FIRING && ++passes >= policy.resolveAfter()) {
      AlertEvent resolved = event(AlertEvent.Kind.RESOLVED, now);
      state = State.OK;
      failingSince = null;
      firedAt = null;
      passes = 0;
      return Optional.of(resolved);
    }
    return Optional.empty();
  }

  private AlertEvent event(AlertEvent.Kind kind, Instant now) {
    return new AlertEvent(kind, target, policy.severity(), findings, failingSince, firedAt, now);
  }
}
