package dev.lookout.testing;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.ServerSocket;

/** Small helpers for servers tests start on loopback. */
public final class TestServers {
  private TestServers() {}

  public static HttpServer http(Vertx vertx, String host, Handler<HttpServerRequest> handler) {
    return http(vertx, new HttpServerOptions().setHost(host), handler);
  }

  public static HttpServer http(
      Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler) {
    Future<HttpServer> started = vertx.createHttpServer(options).requestHandler(handler).listen(0);
    return TestVertx.await(started);
  }

  /** A loopback port with nothing listening on it (bound, then released). */
  public static int closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
