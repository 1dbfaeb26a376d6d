package dev.lookout.alert;

import dev.lookout.testing.TestVertx;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A scripted HTTP receiver on loopback: answers each request with the next step of its script
 * ({@code 500}, {@code 429:2} = 429 with {@code Retry-After: 2}, {@code hang}, {@code 200}), then
 * 200 for ever. Records every request it saw.
 */
public final class Receiver implements AutoCloseable {
  /** One request as it arrived. */
  public record Request(String path, MultiMap headers, Buffer body, long nanos, int answered) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final ConcurrentLinkedQueue<String> script = new ConcurrentLinkedQueue<>();
  public final List<Request> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  public Receiver(Vertx vertx, String... steps) {
    script.addAll(List.of(steps));
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              String step = script.poll();
                              if (step == null) {
                                step = "200";
                              }
                              if (step.equals("hang")) {
                                requests.add(
                                    new Request(
                                        req.path(), req.headers(), body, System.nanoTime(), 0));
                                return;
                              }
                              String[] parts = step.split(":");
                              int status = Integer.parseInt(parts[0]);
                              requests.add(
                                  new Request(
                                      req.path(), req.headers(), body, System.nanoTime(), status));
                              if (parts.length > 1) {
                                req.response().putHeader("Retry-After", parts[1]);
                              }
                              req.response().setStatusCode(status).end();
                            }));
    TestVertx.await(server.listen());
  }

  /**
   * Loads the HTTP client/server and JSON classes on a throwaway Vert.x instance: the JVM's
   * one-time class loading takes hundreds of milliseconds on a busy machine, which the blocked-loop
   * check of {@link TestVertx} would otherwise blame on the code under test.
   */
  public static void warmUp() {
    Vertx v = Vertx.vertx();
    try {
      Receiver r = new Receiver(v);
      // Held until closed: Vert.x closes a client that is no longer referenced, mid-request too.
      io.vertx.core.http.HttpClientAgent client = v.createHttpClient();
      TestVertx.await(
          TestVertx.onLoop(
              v,
              () ->
                  client
                      .request(io.vertx.core.http.HttpMethod.POST, r.port(), "127.0.0.1", "/")
                      .compose(req -> req.send(new JsonObject().put("warm", true).toBuffer()))
                      .compose(resp -> resp.end())));
      TestVertx.await(client.close());
      new JsonObject("{\"a\": [1, \"x\"]}").encode();
      r.close();
    } finally {
      TestVertx.await(v.close());
    }
  }

  public int port() {
    return server.actualPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public List<Request> delivered() {
    return requests.stream().filter(r -> r.answered() >= 200 && r.answered() < 300).toList();
  }

  /** Polls (on the test thread) until the condition holds, failing after the limit. */
  public static void eventually(BooleanSupplier condition, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + limit);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    TestVertx.await(server.close());
  }
}
