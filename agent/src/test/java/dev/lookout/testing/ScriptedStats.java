package dev.lookout.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stats endpoint on 127.0.0.1 whose answers a test scripts per path: a status and a body, or no
 * answer at all. Stands in for RabbitMQ's management API, Sidekiq's {@code /stats} and Flower.
 */
public final class ScriptedStats implements AutoCloseable {
  /** One scripted answer; {@code hang} sends nothing, so the client's timeout must fire. */
  public record Reply(int status, String body, boolean hang) {
    public static Reply json(String body) {
      return new Reply(200, body, false);
    }

    public static Reply status(int status, String body) {
      return new Reply(status, body, false);
    }

    public static Reply never() {
      return new Reply(0, "", true);
    }
  }

  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
  private final HttpServer server;

  public ScriptedStats(Vertx vertx) {
    warmUp();
    server = vertx.createHttpServer().requestHandler(this::handle);
    TestVertx.await(server.listen(0, "127.0.0.1"));
  }

  private static boolean warm;

  /**
   * Pays one-time JVM costs on a throwaway Vert.x instance with the default blocked-loop limit: the
   * first HTTP exchange in a JVM loads a few hundred Netty and Vert.x classes and registers Netty's
   * JFR events, which on a busy machine takes longer than the test limit once, and says nothing
   * about the code under test.
   */
  private static synchronized void warmUp() {
    if (warm) {
      return;
    }
    Vertx v = Vertx.vertx();
    try {
      HttpServer s =
          v.createHttpServer().requestHandler(r -> r.response().end("{\"a\": [1, null]}"));
      TestVertx.await(s.listen(0, "127.0.0.1"));
      io.vertx.core.http.HttpClientAgent client = v.httpClientBuilder().build();
      io.vertx.core.buffer.Buffer body =
          TestVertx.await(
              TestVertx.onLoop(
                  v,
                  () ->
                      client
                          .request(
                              new io.vertx.core.http.RequestOptions()
                                  .setHost("127.0.0.1")
                                  .setPort(s.actualPort())
                                  .setURI("/"))
                          .compose(io.vertx.core.http.HttpClientRequest::send)
                          .compose(io.vertx.core.http.HttpClientResponse::body)));
      io.vertx.core.json.pointer.JsonPointer.from("/a/0")
          .queryJson(io.vertx.core.json.Json.decodeValue(body.toString()));
    } finally {
      TestVertx.await(v.close());
    }
    warm = true;
  }

  public int port() {
    return server.actualPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public ScriptedStats on(String path, Reply reply) {
    replies.put(path, reply);
    return this;
  }

  /** A header of the last request, or null. */
  public String lastHeader(String name) {
    return lastHeaders.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  private void handle(HttpServerRequest request) {
    lastHeaders.clear();
    request
        .headers()
        .forEach(e -> lastHeaders.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
    Reply reply = replies.get(request.uri());
    if (reply == null) {
      request.response().setStatusCode(404).end("no script for " + request.uri());
      return;
    }
    if (reply.hang()) {
      return;
    }
    request
        .response()
        .setStatusCode(reply.status())
        .putHeader("Content-Type", "application/json")
        .end(reply.body());
  }

  /** A fixture body from {@code src/test/resources/queue/}; read on the test thread. */
  public static String fixture(String name) {
    try (InputStream in = ScriptedStats.class.getResourceAsStream("/queue/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    TestVertx.await(server.close());
  }
}
