package dev.lookout.check.flow;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small shop on loopback for flow tests: a JSON login that issues a token and a session cookie
 * (and an admin cookie scoped to {@code /admin}), an HTML page holding a CSRF value, a cart that
 * demands all three, and a DELETE that empties it. Every request is recorded as {@code METHOD path
 * cookie=… auth=… csrf=…}.
 */
final class Shop {
  static final String TOKEN = "t0k3n-abc";
  static final String SESSION = "s3ss10n";
  static final String CSRF = "csrf-123";

  final List<String> record = new CopyOnWriteArrayList<>();
  volatile String token = TOKEN;
  private final HttpServer server;

  Shop(Vertx vertx) {
    server =
        dev.lookout.testing.TestServers.http(
            vertx, "127.0.0.1", r -> r.body().onSuccess(b -> handle(r, b.toString())));
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  void close() {
    dev.lookout.testing.TestVertx.await(server.close());
  }

  private void handle(HttpServerRequest r, String body) {
    String cookie = r.getHeader("Cookie");
    record.add(
        r.method()
            + " "
            + r.path()
            + " cookie="
            + cookie
            + " auth="
            + r.getHeader("Authorization")
            + " csrf="
            + r.getHeader("X-CSRF"));
    switch (r.path()) {
      case "/login" -> login(r, body);
      case "/login-redirect" ->
          r.response().setStatusCode(303).putHeader("Location", "/welcome").end();
      case "/welcome" -> loggedIn(r);
      case "/form" ->
          r.response()
              .putHeader("Content-Type", "text/html")
              .end(
                  "<html><body><form action=/cart><input type=hidden name=\"csrf\" value=\""
                      + CSRF
                      + "\"></form></body></html>");
      case "/cart" -> cart(r, cookie);
      case "/slow" -> {} // never answers
      default -> r.response().setStatusCode(404).end();
    }
  }

  private void login(HttpServerRequest r, String body) {
    JsonObject creds = new JsonObject(body);
    if (!"right".equals(creds.getString("password"))) {
      r.response().setStatusCode(401).end("{\"error\": \"wrong password\"}");
      return;
    }
    loggedIn(r);
  }

  private void loggedIn(HttpServerRequest r) {
    r.response()
        .putHeader("Content-Type", "application/json")
        .putHeader(
            "Set-Cookie",
            List.<String>of(
                "session=" + SESSION + "; Path=/; HttpOnly",
                "admin=yes; Path=/admin; Expires=Wed, 21 Oct 2099 07:28:00 GMT"))
        .end(new JsonObject().put("token", token).encode());
  }

  private void cart(HttpServerRequest r, String cookie) {
    if (r.method().name().equals("DELETE")) {
      r.response().setStatusCode(204).end();
      return;
    }
    boolean ok =
        ("Bearer " + TOKEN).equals(r.getHeader("Authorization"))
            && ("session=" + SESSION).equals(cookie)
            && CSRF.equals(r.getHeader("X-CSRF"));
    if (!ok) {
      r.response()
          .setStatusCode(401)
          .putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "rejected " + r.getHeader("Authorization")).encode());
      return;
    }
    r.response()
        .setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .end("{\"items\": [{\"sku\": \"TEST-1\"}]}");
  }
}
