package dev.lookout.alert;

import dev.lookout.evaluate.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A change worth telling someone about: a target started failing, still fails, or recovered. {@code
 * sequence} numbers the announcements of one incident (FIRING is 1, each UPDATED or REMINDER one
 * more, RESOLVED the last), so a receiver can put what it gets in order and drop what is stale.
 */
public record AlertEvent(
    Kind kind,
    String target,
    String severity,
    List<Finding> findings,
    Instant failingSince,
    Instant firedAt,
    Instant at,
    int sequence) {

  public AlertEvent {
    findings = List.copyOf(findings);
  }

  /** An event outside any numbered incident (tests, tools): sequence 0. */
  public AlertEvent(
      Kind kind,
      String target,
      String severity,
      List<Finding> findings,
      Instant failingSince,
      Instant firedAt,
      Instant at) {
    this(kind, target, severity, findings, failingSince, firedAt, at, 0);
  }

  /**
   * Names the incident this event belongs to: the target and the moment it fired. Stable across
   * restarts (the fire time is persisted), so a receiver can key its state on it.
   */
  public String incident() {
    return target + "@" + (firedAt == null ? at : firedAt).toEpochMilli();
  }

  /** What kind of message this is. */
  public enum Kind {
    FIRING,
    /** Still firing, but what fails changed: the same incident with new findings. */
    UPDATED,
    REMINDER,
    RESOLVED,
    /**
     * Still firing and not acknowledged after a route's escalation step: sent to the step's
     * notifiers, who hear of the incident for the first time.
     */
    ESCALATED,
    /** Someone took the incident on: sent to every notifier that was told of it. */
    ACKNOWLEDGED
  }

  /** How long the target has been (or was) failing. */
  public Duration duration() {
    return failingSince == null ? Duration.ZERO : Duration.between(failingSince, at);
  }
}
