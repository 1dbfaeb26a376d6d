package dev.lookout.check.http;

import dev.lookout.testing.HostileCase;
import dev.lookout.testing.HostileHarness;
import dev.lookout.testing.HostileServers;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/** The http check against the hostile corpus, on fresh and on pooled (keep_alive) connections. */
class HttpHostileCorpusTest extends HostileHarness {
  private static final String URL = "http: {url: \"http://127.0.0.1:PORT/\"";
  private static final String TLS_URL = "http: {url: \"https://127.0.0.1:PORT/\"";

  @Override
  protected Stream<HostileCase> cases() {
    return Stream.of(false, true).flatMap(HttpHostileCorpusTest::cases);
  }

  private static Stream<HostileCase> cases(boolean keepAlive) {
    String pool = keepAlive ? ", keep_alive: true}" : "}";
    String suffix = keepAlive ? " (keep_alive)" : "";
    return Stream.of(
        new HostileCase(
            "slowloris: headers dribbled one line at a time" + suffix,
            v -> HostileServers.dribbling(v, "HTTP/1.1 200 OK\r\n", "X-Slow: a\r\n", 100),
            URL + pool,
            keepAlive ? "within 1 s" : "the response headers from 127.0.0.1:"),
        new HostileCase(
            "an endless chunked body" + suffix,
            v ->
                HostileServers.dribbling(
                    v,
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                    "5\r\nmore!\r\n",
                    50),
            URL + pool,
            "did not finish within 1 s"),
        new HostileCase(
            "a huge body, cut at max_body" + suffix,
            v -> HostileServers.http(v, req -> stream(req.response(), 64L * 1024 * 1024)),
            URL + ", max_body: 64KiB" + pool,
            "body is larger than max_body"),
        new HostileCase(
            "giant headers" + suffix,
            v ->
                HostileServers.answering(
                    v,
                    ("HTTP/1.1 200 OK\r\n" + "X-Big: " + "a".repeat(100_000) + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1)),
            URL + pool,
            "did not answer with valid HTTP"),
        new HostileCase(
            "binary garbage instead of HTTP" + suffix,
            v -> HostileServers.answering(v, HostileServers.garbage()),
            URL + pool,
            keepAlive
                ? "127.0.0.1:"
                : "did not answer with valid HTTP: the status line is not HTTP"),
        new HostileCase(
            "a status line that is not HTTP" + suffix,
            v ->
                HostileServers.answering(
                    v, "HTTP/1.1 abc\0\1 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)),
            URL + pool,
            "did not answer with valid HTTP: the status line is not HTTP"),
        new HostileCase(
            "a redirect loop" + suffix,
            v ->
                HostileServers.http(
                    v,
                    req ->
                        req.response()
                            .setStatusCode(302)
                            .putHeader("Location", req.path().equals("/a") ? "/b" : "/a")
                            .end()),
            URL.replace("PORT/", "PORT/a") + pool,
            "redirect loop"),
        new HostileCase(
            "a redirect chain longer than max_redirects" + suffix,
            v ->
                HostileServers.http(
                    v,
                    req ->
                        req.response()
                            .setStatusCode(302)
                            .putHeader("Location", req.path() + "x")
                            .end()),
            URL + ", max_redirects: 3" + pool,
            "stopped after 3 redirects"),
        new HostileCase(
            "a TLS stall: accepts and never answers the ClientHello" + suffix,
            HostileServers::silent,
            TLS_URL + pool,
            "TLS handshake with 127.0.0.1:PORT did not complete within 1 s"),
        new HostileCase(
            "garbage instead of a TLS handshake" + suffix,
            v -> HostileServers.answering(v, HostileServers.garbage()),
            TLS_URL + pool,
            "TLS handshake with 127.0.0.1:PORT failed: "));
  }

  /** Streams {@code total} bytes as fast as the client reads, honouring back-pressure. */
  static void stream(HttpServerResponse res, long total) {
    res.setChunked(true);
    Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
    long[] left = {total};
    Runnable[] pump = new Runnable[1];
    pump[0] =
        () -> {
          while (left[0] > 0 && !res.writeQueueFull() && !res.closed()) {
            res.write(chunk);
            left[0] -= chunk.length();
          }
          if (res.closed()) {
            return;
          }
          if (left[0] <= 0) {
            res.end();
          } else {
            res.drainHandler(v -> pump[0].run());
          }
        };
    pump[0].run();
  }
}
