package dev.lookout.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Vert.x instance for tests that fails the test when any event loop is held longer than {@code
 * lookout.test.maxEventLoopMillis} (200 ms in the build): blocking code cannot pass a test. Use as
 * {@code @RegisterExtension static final TestVertx loop = new TestVertx();}.
 */
public final class TestVertx implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private final List<String> blocked = new CopyOnWriteArrayList<>();
  private Vertx vertx;

  public static long maxEventLoopMillis() {
    return Long.getLong("lookout.test.maxEventLoopMillis", 200);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx =
        Vertx.vertx(
            new VertxOptions()
                .setMaxEventLoopExecuteTime(maxEventLoopMillis())
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(25)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
    ((VertxInternal) vertx)
        .blockedThreadChecker()
        .setThreadBlockedHandler(
            e ->
                blocked.add(
                    e.thread().getName() + " blocked for " + e.duration() / 1_000_000 + " ms"));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> seen = List.copyOf(blocked);
    blocked.clear();
    assertThat(seen).as("event loops blocked during the test").isEmpty();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Waits (on the test thread, never an event loop) for a future, failing after {@code limit}. */
  public static <T> T await(Future<T> future, Duration limit) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("future failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("future did not complete within " + limit, e);
    }
  }

  public static <T> T await(Future<T> future) {
    return await(future, Duration.ofSeconds(30));
  }
}
