package dev.lookout.status;

import java.time.Duration;
import java.time.Instant;

/**
 * One incident as the status page shows it: the target, when it fired and resolved (null while
 * open), how long it lasted, and who acknowledged it ({@code acknowledged by Ana at 14:05 UTC};
 * null when nobody has).
 */
public record IncidentView(
    String id,
    String target,
    Instant firedAt,
    Instant resolvedAt,
    Duration duration,
    String acknowledged,
    int notes) {

  public boolean open() {
    return resolvedAt == null;
  }
}
