package dev.lookout.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.testing.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A bounded future fails on the caller's own event loop, or passes the result through. */
class TimeoutsTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  @Test
  void unfinishedWorkFailsWithATimeoutOnTheCallersLoop() {
    Vertx vertx = loop.vertx();
    AtomicReference<String> callerThread = new AtomicReference<>();
    AtomicReference<String> failedOn = new AtomicReference<>();
    Throwable failure =
        TestVertx.await(
            TestVertx.onLoop(
                    vertx,
                    () -> {
                      callerThread.set(Thread.currentThread().getName());
                      return Timeouts.within(vertx, Promise.<String>promise().future(), 50)
                          .onFailure(e -> failedOn.set(Thread.currentThread().getName()));
                    })
                .transform(ar -> Future.succeededFuture(ar.cause())));
    assertThat(failure).isInstanceOf(TimeoutException.class);
    assertThat(failedOn.get()).isEqualTo(callerThread.get()).startsWith("vert.x-eventloop");
  }

  @Test
  void aResultInTimeIsPassedThroughAndAFailureKeepsItsCause() {
    Vertx vertx = loop.vertx();
    String value =
        TestVertx.await(
            TestVertx.onLoop(
                vertx,
                () -> {
                  Promise<String> work = Promise.promise();
                  vertx.setTimer(10, id -> work.complete("answer"));
                  return Timeouts.within(vertx, work.future(), 5_000);
                }));
    assertThat(value).isEqualTo("answer");
    Throwable cause =
        TestVertx.await(
            TestVertx.onLoop(
                    vertx,
                    () -> {
                      Promise<String> work = Promise.promise();
                      vertx.setTimer(10, id -> work.fail(new IllegalStateException("refused")));
                      return Timeouts.within(vertx, work.future(), 5_000);
                    })
                .transform(ar -> Future.succeededFuture(ar.cause())));
    assertThat(cause).isInstanceOf(IllegalStateException.class).hasMessage("refused");
  }
}
