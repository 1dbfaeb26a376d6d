package dev.lookout.alert;

import io.vertx.core.Future;

/**
 * Delivers notifications to one destination. The future succeeds only once the destination has
 * confirmed receipt (a 2xx, an SMTP 250); a failure — ideally a {@link DeliveryException} with a
 * message free of secrets — is retried by the outbox.
 */
public interface Notifier {
  String name();

  Future<Void> send(Notification notification);

  /** Releases connections; the default has none. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
