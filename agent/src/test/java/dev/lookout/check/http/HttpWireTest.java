package dev.lookout.check.http;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Target;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.SimpleResolver;

/**
 * The http probe against servers that answer with exact bytes: what goes on the wire, and what the
 * probe makes of unusual or hostile answers. Each server reads a request head and then runs its
 * script on the raw socket.
 */
class HttpWireTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static Context context;
  static HttpProbe probe;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  NetServer server;

  @BeforeAll
  static void start() throws Exception {
    context = loop.vertx().getOrCreateContext();
    // Every URL here is an IP literal: the resolver is never asked.
    probe =
        new HttpProbe(loop.vertx(), HostResolver.using(new SimpleResolver("127.0.0.1")), "UA/1");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      await(server.close());
    }
  }

  /** A server that runs {@code script} with the socket and each complete request (head + body). */
  int serve(BiConsumer<NetSocket, String> script) {
    server =
        loop.vertx()
            .createNetServer()
            .connectHandler(
                socket -> {
                  connections.incrementAndGet();
                  StringBuilder pending = new StringBuilder();
                  socket.handler(
                      data -> {
                        pending.append(data.toString(StandardCharsets.ISO_8859_1));
                        String request;
                        while ((request = takeRequest(pending)) != null) {
                          requests.add(request);
                          script.accept(socket, request);
                        }
                      });
                });
    return await(server.listen(0, "127.0.0.1")).actualPort();
  }

  /** Removes and returns one whole request from {@code pending}, or null if it is not all there. */
  private static String takeRequest(StringBuilder pending) {
    int end = pending.indexOf("\r\n\r\n");
    if (end < 0) {
      return null;
    }
    int length = 0;
    for (String line : pending.substring(0, end).split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    if (pending.length() < end + 4 + length) {
      return null;
    }
    String request = pending.substring(0, end + 4 + length);
    pending.delete(0, end + 4 + length);
    return request;
  }

  static ProbeResult run(String yaml) {
    Target target = TestTargets.target("name: t\n  " + yaml);
    Promise<ProbeResult> p = Promise.promise();
    context.runOnContext(v -> probe.run(target).onComplete(p));
    return await(p.future(), Duration.ofSeconds(20));
  }

  static void reply(NetSocket socket, String bytes) {
    socket.write(Buffer.buffer(bytes.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void theRequestOnTheWireNamesHostAgentBodyAndAsksToClose() {
    int port = serve((s, r) -> reply(s, "HTTP/1.1 204 No Content\r\n\r\n"));
    ProbeResult r =
        run(
            "http: {url: \"http://127.0.0.1:"
                + port
                + "/a/b?x=1&y=%20\", method: POST, body: \"héllo\", headers: {X-Probe: yes}}");
    assertThat(r.failure()).isNull();
    assertThat(((HttpObservation) r.observation()).status()).isEqualTo(204);
    String request = requests.get(0);
    assertThat(request).startsWith("POST /a/b?x=1&y=%20 HTTP/1.1\r\n");
    assertThat(request.toLowerCase())
        .contains("host: 127.0.0.1:" + port + "\r\n")
        .contains("user-agent: ua/1\r\n")
        .contains("connection: close\r\n")
        .contains("x-probe: yes\r\n")
        .contains("content-length: 6\r\n");
    assertThat(request)
        .endsWith(
            "\r\n\r\n"
                + new String(
                    "héllo".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
  }

  @Test
  void aHostHeaderFromTheConfigReplacesTheOneFromTheUrl() {
    int port = serve((s, r) -> reply(s, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    run("http: {url: \"http://127.0.0.1:" + port + "/\", headers: {Host: shop.example}}");
    assertThat(requests.get(0).toLowerCase()).contains("host: shop.example\r\n");
    assertThat(requests.get(0).toLowerCase()).doesNotContain("host: 127.0.0.1");
  }

  @Test
  void informationalResponsesAreSkippedForTheFinalOne() {
    int port =
        serve(
            (s, r) ->
                reply(
                    s,
                    "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Final: 1\r\n\r\nhello"));
    ProbeResult r = run("http: {url: \"http://127.0.0.1:" + port + "/\"}");
    HttpObservation o = (HttpObservation) r.observation();
    assertThat(o.status()).isEqualTo(200);
    assertThat(o.headers()).containsEntry("x-final", "1").doesNotContainKey("link");
    assertThat(o.body()).isEqualTo("hello");
  }

  @Test
  void aBodyWithoutLengthIsReadUntilTheServerCloses() {
    int port =
        serve(
            (s, r) -> {
              reply(s, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of ");
              loop.vertx().setTimer(50, id -> s.end(Buffer.buffer("this")));
            });
    ProbeResult r = run("http: {url: \"http://127.0.0.1:" + port + "/\"}");
    assertThat(r.failure()).isNull();
    HttpObservation o = (HttpObservation) r.observation();
    assertThat(o.body()).isEqualTo("all of this");
    assertThat(o.bodyBytes()).isEqualTo(11);
  }

  @Test
  void aChunkedBodyIsReassembled() {
    int port =
        serve(
            (s, r) ->
                reply(
                    s,
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "4\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\n"));
    HttpObservation o =
        (HttpObservation) run("http: {url: \"http://127.0.0.1:" + port + "/\"}").observation();
    assertThat(o.body()).isEqualTo("Wikipedia in \r\n\r\nchunks.");
  }

  @Test
  void aHeadRequestEndsAtTheHeadersDespiteAContentLength() {
    int port = serve((s, r) -> reply(s, "HTTP/1.1 200 OK\r\nContent-Length: 123456\r\n\r\n"));
    ProbeResult r =
        run("http: {url: \"http://127.0.0.1:" + port + "/\", method: HEAD}\n  timeout: 2s");
    assertThat(r.failure()).isNull();
    assertThat(((HttpObservation) r.observation()).bodyBytes()).isZero();
  }

  @Test
  void garbageInsteadOfHttpIsAFailureWithAReason() {
    int port = serve((s, r) -> reply(s, "SSH-2.0-OpenSSH_9.6\r\n\r\n"));
    ProbeResult r = run("http: {url: \"http://127.0.0.1:" + port + "/\"}\n  timeout: 2s");
    assertThat(r.answered()).isFalse();
    assertThat(r.failure())
        .isEqualTo(
            "127.0.0.1:"
                + port
                + " did not answer with valid HTTP: the status line is not HTTP (starts"
                + " \"SSH-2.0-OpenSSH_9.6\\r\\n\\r\\n\")");
    assertThat(r.seconds()).isLessThan(2.0);
  }

  @Test
  void anEndlessHeaderIsCutOffNotBuffered() {
    int port =
        serve(
            (s, r) -> {
              reply(s, "HTTP/1.1 200 OK\r\nX-Long: ");
              reply(s, "a".repeat(64 * 1024));
            });
    ProbeResult r = run("http: {url: \"http://127.0.0.1:" + port + "/\"}\n  timeout: 2s");
    assertThat(r.answered()).isFalse();
    assertThat(r.failure())
        .isEqualTo(
            "127.0.0.1:"
                + port
                + " did not answer with valid HTTP: the response headers are larger than 8 KiB");
  }

  @Test
  void aServerClosingMidResponseIsNamed() {
    int port =
        serve(
            (s, r) -> s.end(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")));
    ProbeResult r = run("http: {url: \"http://127.0.0.1:" + port + "/\"}\n  timeout: 2s");
    assertThat(r.failure())
        .isEqualTo("127.0.0.1:" + port + " closed the connection before the body was complete");
  }

  @Test
  void aServerClosingBeforeAnsweringIsNamed() {
    int port = serve((s, r) -> s.close());
    ProbeResult r = run("http: {url: \"http://127.0.0.1:" + port + "/\"}\n  timeout: 2s");
    assertThat(r.failure())
        .isEqualTo("127.0.0.1:" + port + " closed the connection before sending a response");
  }

  @Test
  void eachProbeOpensItsOwnConnectionUnlessKeepAliveIsAsked() {
    int port = serve((s, r) -> reply(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    String url = "http://127.0.0.1:" + port + "/";
    run("http: {url: \"" + url + "\"}");
    run("http: {url: \"" + url + "\"}");
    assertThat(connections.get()).isEqualTo(2);
    run("http: {url: \"" + url + "\", keep_alive: true}");
    ProbeResult again = run("http: {url: \"" + url + "\", keep_alive: true}");
    assertThat(((HttpObservation) again.observation()).body()).isEqualTo("ok");
    assertThat(connections.get()).isEqualTo(3);
    assertThat(requests).hasSize(4);
  }
}
