package dev.lookout.alert;

import dev.lookout.config.Durations;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * One delivery attempt under its route's {@code timeout}: a notifier that neither confirms nor
 * fails in time counts as failed, so one silent receiver cannot stall its queue.
 */
final class TimedAttempt {
  private TimedAttempt() {}

  /** Sends {@code n} once; fails when the notifier fails, throws, or does not answer in time. */
  static Future<Void> send(Vertx vertx, Dispatcher.Route route, Notification n) {
    Promise<Void> p = Promise.promise();
    long ms = route.delivery().attemptTimeout().toMillis();
    long timer =
        vertx.setTimer(
            ms,
            id ->
                p.tryFail(
                    new DeliveryException(
                        "no answer within " + Durations.human(route.delivery().attemptTimeout()))));
    Future<Void> sent;
    try {
      sent = route.notifier().send(n);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    sent.onComplete(
        r -> {
          vertx.cancelTimer(timer);
          if (r.succeeded()) {
            p.tryComplete();
          } else {
            p.tryFail(r.cause());
          }
        });
    return p.future();
  }
}
