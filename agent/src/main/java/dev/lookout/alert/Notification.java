package dev.lookout.alert;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One message to one notifier: every alert event that arose for it within {@code group_wait}. The
 * id is fixed when the notification enters the outbox and travels with every retry (webhook header,
 * mail {@code Message-ID}), so a receiver can drop duplicates of an at-least-once delivery.
 */
public record Notification(
    String id, String notifier, Instant createdAt, List<AlertEvent> events, boolean test) {

  public Notification {
    events = List.copyOf(events);
    if (!id.matches("[A-Za-z0-9-]{1,64}")) {
      throw new IllegalArgumentException("notification ids are short and plain");
    }
  }

  public static Notification of(String notifier, Instant now, List<AlertEvent> events) {
    return new Notification(newId(), notifier, now, events, false);
  }

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** How many targets are firing (or still firing) in this message. */
  public long firingCount() {
    return events.stream().filter(e -> e.kind() != AlertEvent.Kind.RESOLVED).count();
  }
}
