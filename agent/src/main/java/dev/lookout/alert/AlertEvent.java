package dev.lookout.alert;

import dev.lookout.evaluate.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A change worth telling someone about: a target started failing, still fails, or recovered. */
public record AlertEvent(
    Kind kind,
    String target,
    String severity,
    List<Finding> findings,
    Instant failingSince,
    Instant firedAt,
    Instant at) {

  public AlertEvent {
    findings = List.copyOf(findings);
  }

  /** What kind of message this is. */
  public enum Kind {
    FIRING,
    /** Still firing, but what fails changed: the same incident with new findings. */
    UPDATED,
    REMINDER,
    RESOLVED
  }

  /** How long the target has been (or was) failing. */
  public Duration duration() {
    return failingSince == null ? Duration.ZERO : Duration.between(failingSince, at);
  }
}
