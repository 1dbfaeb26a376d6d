package dev.lookout.probe;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeoutException;

/**
 * {@link Future#timeout} on the caller's own event loop. Vert.x schedules the timeout of a future
 * that has no context on Netty's global executor thread, so each bounded step woke another thread
 * twice (to arm and to cancel): a quarter of the agent's CPU per probe. This timer lives on the
 * calling context's loop instead.
 */
public final class Timeouts {
  private Timeouts() {}

  /**
   * {@code work}, or a {@link TimeoutException} if it has not completed within {@code millis}. Call
   * on the event loop that should own the timer.
   */
  public static <T> Future<T> within(Vertx vertx, Future<T> work, long millis) {
    if (work.isComplete()) {
      return work;
    }
    Promise<T> bounded = Promise.promise();
    long timer =
        vertx.setTimer(
            Math.max(1, millis),
            id -> bounded.tryFail(new TimeoutException("no result within " + millis + " ms")));
    work.onComplete(
        ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded()) {
            bounded.tryComplete(ar.result());
          } else {
            bounded.tryFail(ar.cause());
          }
        });
    return bounded.future();
  }
}
