package dev.lookout.testing;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.function.BiConsumer;

/** Servers that misbehave on purpose, on loopback, for the hostile corpus. */
public final class HostileServers {
  private HostileServers() {}

  /** A running server: where it listens, and how to stop it. */
  public interface Server {
    int port();

    Future<Void> close();
  }

  /** A raw TCP server: {@code onConnect} gets each accepted socket and the Vert.x to time with. */
  public static Server raw(Vertx vertx, BiConsumer<NetSocket, Vertx> onConnect) {
    NetServer server =
        TestVertx.await(
            vertx
                .createNetServer()
                .connectHandler(
                    s -> {
                      s.exceptionHandler(e -> {});
                      onConnect.accept(s, vertx);
                    })
                .listen(0, "127.0.0.1"));
    return new Server() {
      @Override
      public int port() {
        return server.actualPort();
      }

      @Override
      public Future<Void> close() {
        return server.close();
      }
    };
  }

  /** A raw server that answers the first bytes of each connection with {@code answer}. */
  public static Server answering(Vertx vertx, byte[] answer) {
    return raw(
        vertx,
        (s, v) -> {
          boolean[] sent = {false};
          s.handler(
              data -> {
                if (!sent[0]) {
                  sent[0] = true;
                  s.write(Buffer.buffer(answer));
                }
              });
        });
  }

  /** Accepts connections and never says a word (a TLS stall, a hung backend). */
  public static Server silent(Vertx vertx) {
    return raw(vertx, (s, v) -> s.handler(data -> {}));
  }

  /**
   * Once a request arrives, sends {@code head} and then {@code piece} every {@code everyMillis}
   * until the client goes away: a slowloris of headers, or a body without end.
   */
  public static Server dribbling(Vertx vertx, String head, String piece, long everyMillis) {
    return raw(
        vertx,
        (s, v) -> {
          boolean[] started = {false};
          s.handler(
              data -> {
                if (started[0]) {
                  return;
                }
                started[0] = true;
                s.write(head);
                long timer = v.setPeriodic(everyMillis, id -> s.write(piece));
                s.closeHandler(x -> v.cancelTimer(timer));
              });
        });
  }

  /**
   * Bytes no protocol would send (control characters, NULs, high bytes) that start like a TLS
   * handshake record of 32 bytes, a nuisance to HTTP and TLS parsers alike.
   */
  public static byte[] garbage() {
    byte[] bytes = new byte[256];
    new java.util.Random(14).nextBytes(bytes);
    bytes[0] = 0x16;
    bytes[1] = 0x03;
    bytes[2] = 0x03;
    bytes[3] = 0x00;
    bytes[4] = 0x20;
    return bytes;
  }

  /** A real Vert.x HTTP server. */
  public static Server http(Vertx vertx, Handler<HttpServerRequest> handler) {
    HttpServer server =
        TestServers.http(
            vertx,
            new HttpServerOptions().setHost("127.0.0.1"),
            req -> {
              req.exceptionHandler(e -> {});
              req.response().exceptionHandler(e -> {});
              handler.handle(req);
            });
    return new Server() {
      @Override
      public int port() {
        return server.actualPort();
      }

      @Override
      public Future<Void> close() {
        return server.close();
      }
    };
  }
}
