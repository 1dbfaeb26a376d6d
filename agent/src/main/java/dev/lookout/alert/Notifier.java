package dev.lookout.alert;

import io.vertx.core.Future;

/**
 * Delivers notifications to one destination. The future succeeds only once the destination has
 * confirmed receipt (a 2xx, an SMTP 250); a failure — ideally a {@link DeliveryException} with a
 * message free of secrets — is retried by the outbox. A type of notifier is registered through its
 * {@link NotifierType}.
 */
public interface Notifier {
  String name();

  Future<Void> send(Notification notification);

  /**
   * An alert a previous run announced is still firing after a restart: it is not announced again,
   * but a destination that forgets alerts unless they are re-posted (Alertmanager) keeps it alive.
   * The default does nothing.
   */
  default void stillFiring(AlertEvent event) {}

  /**
   * Whether events wait {@code group_wait} to go out together. A destination where one line per
   * event costs nothing (the agent's own log) says no, and hears of each event at once.
   */
  default boolean groups() {
    return true;
  }

  /** Releases connections; the default has none. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
