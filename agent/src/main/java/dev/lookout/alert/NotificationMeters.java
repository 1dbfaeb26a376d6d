package dev.lookout.alert;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * What the outbox reports to metrics; kept as an interface so alerting never imports Micrometer.
 */
public interface NotificationMeters {
  /** One of {@code sent}, {@code failed}, {@code retried}, {@code expired}. */
  void notification(String notifier, String result);

  /** Time from a target's first failing verdict to the delivered FIRING notification. */
  void firingDelivered(Duration sinceFirstFailure);

  /** Registers the outbox size gauge. */
  void outboxPending(IntSupplier pending);

  NotificationMeters NONE =
      new NotificationMeters() {
        @Override
        public void notification(String notifier, String result) {}

        @Override
        public void firingDelivered(Duration sinceFirstFailure) {}

        @Override
        public void outboxPending(IntSupplier pending) {}
      };
}
