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
            e -> {
              StackTraceElement[] stack = e.thread().getStackTrace();
              if (!loadingClasses(stack) && !waitingForEvents(stack)) {
                blocked.add(
                    e.thread().getName()
                        + " blocked for "
                        + e.duration() / 1_000_000
                        + " ms at "
                        + where(stack));
              }
            });
    warmUp();
  }

  /**
   * One plain and one TLS round trip on loopback before any test runs: the JVM loads Netty's,
   * Vert.x's and JSSE's classes on first use, on whichever event loop gets there first. That
   * one-time cost is not blocking code, and on a busy 2-core machine it can exceed the limit.
   */
  private void warmUp() {
    io.vertx.core.net.SelfSignedCertificate cert =
        io.vertx.core.net.SelfSignedCertificate.create("localhost");
    try {
      for (boolean tls : new boolean[] {false, true}) {
        io.vertx.core.http.HttpServerOptions serverOptions =
            new io.vertx.core.http.HttpServerOptions().setHost("127.0.0.1");
        io.vertx.core.http.HttpClientOptions clientOptions =
            new io.vertx.core.http.HttpClientOptions().setKeepAlive(false);
        if (tls) {
          serverOptions.setSsl(true).setKeyCertOptions(cert.keyCertOptions());
          clientOptions.setSsl(true).setTrustAll(true).setVerifyHost(false);
        }
        io.vertx.core.http.HttpServer server =
            await(
                vertx
                    .createHttpServer(serverOptions)
                    .requestHandler(r -> r.response().end("warm"))
                    .listen(0));
        io.vertx.core.http.HttpClientAgent client = vertx.createHttpClient(clientOptions);
        await(
            onLoop(
                vertx,
                () ->
                    client
                        .request(
                            io.vertx.core.http.HttpMethod.GET,
                            server.actualPort(),
                            "127.0.0.1",
                            "/")
                        .compose(r -> r.send())
                        .compose(r -> r.body())));
        await(client.close());
        await(server.close());
      }
    } finally {
      cert.delete();
    }
    blocked.clear();
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

  /**
   * True when the loop is held by the JVM defining classes (first use of a class or a lambda): a
   * one-time cost of the JVM, not blocking code, that a loaded 2-core machine can stretch past the
   * limit. Sleeps, blocking I/O and busy loops show other frames and still fail the test.
   */
  /**
   * A loop found waiting in its selector ran no task when the stack was taken: the checker saw a
   * task that had ended while the machine kept it from running. Not blocking code.
   */
  private static boolean waitingForEvents(StackTraceElement[] stack) {
    return stack.length > 0
        && (stack[0].getClassName().endsWith("EPoll")
            || stack[0].getClassName().equals("io.netty.channel.epoll.Native"))
        && stack[0].getMethodName().contains("wait");
  }

  private static boolean loadingClasses(StackTraceElement[] stack) {
    for (int i = 0; i < Math.min(12, stack.length); i++) {
      String c = stack[i].getClassName();
      if (c.startsWith("jdk.internal.loader.")
          || c.equals("java.lang.ClassLoader")
          || c.startsWith("java.lang.invoke.")
          || (c.equals("java.lang.System$2") && stack[i].getMethodName().equals("defineClass"))) {
        return true;
      }
    }
    return false;
  }

  /** The top of a blocked thread's stack, so a failure shows what held the loop. */
  private static String where(StackTraceElement[] stack) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(8, stack.length); i++) {
      out.append("\n      ").append(stack[i]);
    }
    return out.toString();
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Runs a client exchange on an event-loop context and hands back its result. Started from the
   * test thread instead, the callbacks of {@code send()} and {@code body()} can be dispatched
   * apart, and a body that arrives in between is never delivered: the exchange then hangs.
   */
  public static <T> Future<T> onLoop(Vertx vertx, java.util.function.Supplier<Future<T>> exchange) {
    io.vertx.core.Promise<T> done = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> exchange.get().onComplete(done));
    return done.future();
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
