package dev.lookout.alert;

import io.vertx.core.Future;

/**
 * Delivers alert events to one destination. The future succeeds only once the destination has
 * confirmed receipt; a failure is retried by the caller.
 */
public interface Notifier {
  String name();

  Future<Void> send(AlertEvent event);
}
