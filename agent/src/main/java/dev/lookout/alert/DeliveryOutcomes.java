package dev.lookout.alert;

import dev.lookout.config.Durations;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each delivery attempt came to, told to everyone who keeps count: the meters ({@code
 * lookout_notifications_total}, the time to a delivered FIRING), the {@link DeliveryListener} (the
 * incident log) and, for what an operator must hear of, the log.
 */
final class DeliveryOutcomes {
  // The dispatcher's name: these lines are what operators (and tests) know its deliveries by.
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final NotificationMeters meters;
  private final Clock clock;
  private volatile DeliveryListener listener = DeliveryListener.NONE;

  DeliveryOutcomes(NotificationMeters meters, Clock clock) {
    this.meters = meters;
    this.clock = clock;
  }

  void listener(DeliveryListener l) {
    this.listener = l;
  }

  /** The notifier confirmed it. */
  void sent(Notification n) {
    meters.notification(n.notifier(), "sent");
    listener.outcome(n, "sent", clock.instant(), null);
    for (AlertEvent e : n.events()) {
      if (e.kind() == AlertEvent.Kind.FIRING && e.failingSince() != null) {
        meters.firingDelivered(Duration.between(e.failingSince(), clock.instant()));
      }
    }
  }

  /** Another attempt after a failed one. */
  void retried(Notification n) {
    meters.notification(n.notifier(), "retried");
  }

  /** An attempt failed; {@code e} says why (see {@link #reason}). */
  void failed(Notification n, Throwable e) {
    meters.notification(n.notifier(), "failed");
    listener.outcome(n, "failed", clock.instant(), reason(e));
  }

  /** After a failed attempt: when the next one comes, and how many wait behind it. */
  void retrying(Notification n, int attempt, Throwable e, Duration wait, int behind) {
    LOG.warn(
        "notification {} to \"{}\", attempt {}: {}; retrying in {}{}",
        n.id(),
        n.notifier(),
        attempt,
        reason(e),
        Durations.human(wait),
        behind > 0 ? " (" + behind + " more waiting behind it)" : "");
  }

  /** An attempt of a test notification failed: counted, but no incident hears of it. */
  void testFailed(Notification n) {
    meters.notification(n.notifier(), "failed");
  }

  /** Newer news of its incidents left it nothing to say: not sent. */
  void superseded(Notification n) {
    meters.notification(n.notifier(), "superseded");
    listener.outcome(n, "superseded", clock.instant(), null);
    LOG.info(
        "notification {} to \"{}\" is superseded by newer news of {}; not sent",
        n.id(),
        n.notifier(),
        Messages.targetList(n));
  }

  /** Older than {@code give_up_after}: dropped, loudly. */
  void expired(Notification n, int failures) {
    meters.notification(n.notifier(), "expired");
    listener.outcome(n, "expired", clock.instant(), null);
    LOG.error(
        "notifier \"{}\": giving up on notification {} ({} for {}) after {} attempts since {}; it is DROPPED",
        n.notifier(),
        n.id(),
        n.events().isEmpty() ? "test" : n.events().get(0).kind(),
        Messages.targetList(n),
        failures,
        n.createdAt());
  }

  /**
   * Why an attempt failed, fit for the log and the incident log: a {@link DeliveryException}'s
   * message already names the notifier and the host, never a URL; anything else only by its type.
   */
  static String reason(Throwable e) {
    return e instanceof DeliveryException ? e.getMessage() : e.getClass().getSimpleName();
  }
}
