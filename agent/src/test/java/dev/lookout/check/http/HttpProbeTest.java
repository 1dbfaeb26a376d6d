package dev.lookout.check.http;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookout.checks.CheckTypes;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestServers;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.SimpleResolver;

class HttpProbeTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static HttpServer server;
  static HttpServer tlsServer;
  static SelfSignedCertificate cert;
  static NxdomainResponder dns;
  static Context context;
  static HttpProbe probe;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.http(loop.vertx(), "127.0.0.1", TestRoutes::handle);
    cert = SelfSignedCertificate.create("localhost");
    tlsServer =
        TestServers.http(
            loop.vertx(),
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setSsl(true)
                .setKeyCertOptions(cert.keyCertOptions()),
            TestRoutes::handle);
    dns = NxdomainResponder.start();
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", dns.port()));
    resolver.setTimeout(Duration.ofSeconds(2));
    context = loop.vertx().getOrCreateContext();
    probe = new HttpProbe(loop.vertx(), HostResolver.using(resolver), "Lookout/test");
  }

  @AfterAll
  static void stop() {
    dns.close();
    cert.delete();
  }

  static String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  static ProbeResult run(Target target) {
    Promise<ProbeResult> p = Promise.promise();
    context.runOnContext(v -> probe.run(target).onComplete(p));
    return await(p.future(), Duration.ofSeconds(20));
  }

  static List<String> findings(Target target, ProbeResult result) {
    LatencyWindow window = new LatencyWindow(target.window());
    if (result.answered()) {
      window.add(System.nanoTime(), result.seconds());
    }
    return CheckTypes.judge(target, result, window.quantiles(), Instant.now()).findings().stream()
        .map(Finding::message)
        .toList();
  }

  /** The percentile expectations are judged once the window holds 5 samples, not before. */
  @Test
  void percentilesAreJudgedFromFiveSamplesOn() {
    Target t = target(base() + "/delay/200", "{p95_below: 100ms, p99_below: 100ms}");
    LatencyWindow window = new LatencyWindow(t.window());
    List<String> found = List.of();
    for (int i = 1; i <= 5; i++) {
      ProbeResult r = run(t);
      window.add(System.nanoTime(), r.seconds());
      found =
          CheckTypes.judge(t, r, window.quantiles(), Instant.now()).findings().stream()
              .map(Finding::message)
              .toList();
      if (i < 5) {
        assertThat(found).as("after " + i + " samples").isEmpty();
      }
    }
    assertThat(found)
        .hasSize(2)
        .anyMatch(f -> f.matches("p95 .* over last 5 min \\(5 samples\\), expected below 100 ms"))
        .anyMatch(f -> f.matches("p99 .* over last 5 min \\(5 samples\\), expected below 100 ms"));
  }

  static Target target(String url, String expect) {
    return TestTargets.target(
        "name: t\n  http: {url: \"" + url + "\"}\n  timeout: 3s\n  expect: " + expect);
  }

  @Test
  void aSlowResponseIsTimedInTheRightPhase() {
    ProbeResult r = run(target(base() + "/delay/300", "{}"));
    assertThat(r.failure()).isNull();
    HttpObservation o = (HttpObservation) r.observation();
    assertThat(o.status()).isEqualTo(200);
    assertThat(r.seconds()).isBetween(0.300, 1.0);
    assertThat(o.phases().ttfb()).isGreaterThanOrEqualTo(0.295);
    assertThat(o.phases().connect()).isGreaterThan(0).isLessThan(0.3);
    assertThat(o.phases().dns()).isLessThan(0.05);
    assertThat(o.phases().tls()).isZero();
    assertThat(o.phases().transfer()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void aBodyThatComesLateIsTransferTimeAndTheLatencyIsThePhasesSum() {
    ProbeResult r = run(target(base() + "/slow-body/300", "{body_contains: second half}"));
    assertThat(r.failure()).isNull();
    HttpPhases p = ((HttpObservation) r.observation()).phases();
    // Time to first byte is the head's arrival; the wait for the rest of the body is transfer,
    // timed to the read that brought the last byte.
    assertThat(p.transfer()).isGreaterThanOrEqualTo(0.295);
    assertThat(p.ttfb()).isLessThan(0.295);
    assertThat(r.seconds())
        .isCloseTo(p.dns() + p.connect() + p.tls() + p.ttfb() + p.transfer(), within(1e-6));
  }

  @Test
  void httpsSplitsConnectFromTheHandshakeAndKeepsTheChain() {
    Target t =
        TestTargets.target(
            "name: t\n  http: {url: \"https://localhost:"
                + tlsServer.actualPort()
                + "/ok\", ca_file: \""
                + cert.certificatePath()
                + "\"}\n  expect: {cert_days_above: 7}");
    ProbeResult r = runWithLocalhost(t);
    assertThat(r.failure()).isNull();
    HttpObservation o = (HttpObservation) r.observation();
    assertThat(o.phases().tls()).isGreaterThan(0);
    assertThat(o.phases().connect()).isGreaterThan(0);
    assertThat(o.phases().connect() + o.phases().tls() + o.phases().ttfb())
        .isLessThanOrEqualTo(r.seconds());
    assertThat(o.last().chain()).isNotEmpty();
    assertThat(findings(t, r)).isEmpty();
  }

  @Test
  void anUntrustedCertificateFailsTheHandshakeWithAReason() {
    ProbeResult r =
        runWithLocalhost(target("https://localhost:" + tlsServer.actualPort() + "/ok", "{}"));
    // Said as the tls check says it, after the host the URL names and the address it was asked at.
    assertThat(r.failure())
        .isEqualTo(
            "TLS handshake with localhost (127.0.0.1:"
                + tlsServer.actualPort()
                + ") failed: self-signed certificate, not in the trust store or ca_file");
  }

  @Test
  void aTrustedCertificateForAnotherNameFailsTheHandshake() {
    // The certificate is for "localhost"; asked for 127.0.0.1, the name does not match.
    Target t =
        TestTargets.target(
            "name: t\n  http: {url: \"https://127.0.0.1:"
                + tlsServer.actualPort()
                + "/ok\", ca_file: \""
                + cert.certificatePath()
                + "\"}");
    ProbeResult r = run(t);
    assertThat(r.failure())
        .isEqualTo(
            "TLS handshake with 127.0.0.1:"
                + tlsServer.actualPort()
                + " failed: name mismatch: the certificate lists no names (no subjectAltName),"
                + " served for \"localhost\"");
  }

  @Test
  void verifyTlsOffAcceptsAnUntrustedCertificateAndStillKeepsTheChain() {
    Target t =
        TestTargets.target(
            "name: t\n  http: {url: \"https://127.0.0.1:"
                + tlsServer.actualPort()
                + "/ok\", verify_tls: false}");
    ProbeResult r = run(t);
    assertThat(r.failure()).isNull();
    HttpObservation o = (HttpObservation) r.observation();
    assertThat(o.status()).isEqualTo(200);
    assertThat(o.phases().tls()).isGreaterThan(0);
    assertThat(o.last().chain()).isNotEmpty();
  }

  @Test
  void aPlainPortAskedForTlsSaysSo() {
    ProbeResult r = run(target("https://127.0.0.1:" + server.actualPort() + "/ok", "{}"));
    assertThat(r.failure())
        .contains("127.0.0.1:" + server.actualPort())
        .containsAnyOf("does not speak TLS", "TLS handshake");
  }

  @Test
  void refusedConnectionsAreNamed() {
    int port = TestServers.closedPort();
    ProbeResult r = run(target("http://127.0.0.1:" + port + "/", "{}"));
    assertThat(r.failure()).isEqualTo("connect to 127.0.0.1:" + port + " refused");
  }

  @Test
  void aServerThatNeverAnswersTimesOutWaitingForTheFirstByte() {
    Target t =
        TestTargets.target("name: t\n  http: {url: \"" + base() + "/hang\"}\n  timeout: 500ms");
    ProbeResult r = run(t);
    assertThat(r.failure())
        .isEqualTo(
            "no response from 127.0.0.1:"
                + server.actualPort()
                + " within 500 ms (waiting for the first byte)");
    assertThat(r.seconds()).isBetween(0.45, 1.5);
  }

  @Test
  void anUnknownNameIsADnsFailure() {
    ProbeResult r = run(target("http://no-such-host.test:8080/", "{}"));
    assertThat(r.failure())
        .isEqualTo("DNS lookup of no-such-host.test failed: NXDOMAIN (the name does not exist)");
  }

  @Test
  void ipv6LoopbackWorks() {
    HttpServer v6 = TestServers.http(loop.vertx(), "::1", TestRoutes::handle);
    ProbeResult r = run(target("http://[::1]:" + v6.actualPort() + "/ok", "{status: [200]}"));
    assertThat(r.failure()).isNull();
    assertThat(((HttpObservation) r.observation()).last().address())
        .isEqualTo("[0:0:0:0:0:0:0:1]:" + v6.actualPort());
    await(v6.close());
  }

  @Test
  void aRedirectLoopStopsWithAClearReason() {
    ProbeResult r = run(target(base() + "/loop/a", "{}"));
    assertThat(r.failure())
        .isEqualTo("redirect loop: " + base() + "/loop/a was already visited after 2 redirects");
  }

  @Test
  void aLongRedirectChainStopsAtTheLimit() {
    Target t =
        TestTargets.target("name: t\n  http: {url: \"" + base() + "/chain/20\", max_redirects: 3}");
    ProbeResult r = run(t);
    assertThat(r.failure())
        .isEqualTo("stopped after 3 redirects (the limit); last Location: " + base() + "/chain/16");
  }

  @Test
  void redirectsAreFollowedAndCounted() {
    Target t =
        target(
            base() + "/chain/2",
            "{status: [200], redirects_at_most: 1, final_url: \"" + base() + "/ok\"}");
    ProbeResult r = run(t);
    HttpObservation o = (HttpObservation) r.observation();
    assertThat(o.redirects()).isEqualTo(2);
    assertThat(o.hops()).extracting(Hop::status).containsExactly(302, 302, 200);
    assertThat(findings(t, r)).containsExactly("2 redirects, expected at most 1");
  }

  @Test
  void aHugeBodyIsCutAtTheCapAndReported() {
    Target t = target(base() + "/big", "{body_contains: \"needle\"}");
    ProbeResult r = run(t);
    assertThat(r.failure()).isNull();
    HttpObservation o = (HttpObservation) r.observation();
    assertThat(o.bodyTruncated()).isTrue();
    assertThat(o.body().length()).isEqualTo(1024 * 1024);
    assertThat(o.bodyBytes()).isLessThan(2L * 1024 * 1024);
    assertThat(findings(t, r))
        .hasSize(2)
        .contains("body does not contain \"needle\" (in the first 1 MiB read)")
        .anySatisfy(f -> assertThat(f).startsWith("body is larger than max_body: "));
  }

  @Test
  void aBodyCutAtTheCapIsReportedWithoutAnyBodyExpectation() {
    Target t = target(base() + "/big", "{status: [200]}");
    ProbeResult r = run(t);
    HttpObservation o = (HttpObservation) r.observation();
    assertThat(findings(t, r))
        .containsExactly(
            "body is larger than max_body: reading stopped after "
                + dev.lookout.config.Sizes.human(o.bodyBytes())
                + " (the rest was discarded); raise max_body to read it all");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/status/503 | {status: [200]} | status 503, expected 200",
        "/status/503 | {status: [2xx, 301]} | status 503, expected 2xx or 301",
        "/status/503 | {status: [5xx]} | ",
        "/ok | {body_contains: \"Sign in\"} | ",
        "/ok | {body_contains: \"Sign out\"} | body does not contain \"Sign out\"",
        "/ok | {body_matches: \"Sign\\\\s+in\"} | ",
        "/ok | {body_matches: \"^Sign\"} | body does not match /\\^Sign/",
        "/ok | {header: {X-Env: prod}} | ",
        "/ok | {header: {X-Env: staging}} | header X-Env is \"prod\", expected \"staging\"",
        "/ok | {header: {X-Missing: yes}} | header X-Missing is missing, expected \"yes\"",
        "/ok | {header: {X-Env: {matches: \"^pr\"}}} | ",
        "/json | {json: {/status: ok, /count: 3, /nested/flag: true}} | ",
        "/json | {json: {/status: degraded}} | JSON /status is ok, expected degraded",
        "/json | {json: {/missing: x}} | /missing not found in response",
        "/ok | {json: {/status: ok}} | body is not JSON: hello, please Sign in",
        "/delay/200 | {latency_below: 100ms} | latency.*expected below 100 ms",
        // One sample is not a percentile: judged from Quantiles.MIN_JUDGED samples on (below).
        "/delay/200 | {p95_below: 100ms} | ",
        "/delay/200 | {p99_below: 100ms} | ",
        "/ok | {p95_below: 2s, p99_below: 2s, latency_below: 2s} | ",
        "/ok | {cert_days_above: 10} | no certificate to check: http://127.0.0.1:PORT/ok is not served over https",
      })
  void eachExpectationPassesOrFailsWithItsFinding(String path, String expect, String finding) {
    Target t = target(base() + path, expect);
    List<String> found = findings(t, run(t));
    if (finding == null) {
      assertThat(found).isEmpty();
    } else {
      assertThat(found)
          .singleElement()
          .asString()
          .matches(finding.replace("PORT", String.valueOf(server.actualPort())));
    }
  }

  /**
   * "localhost" through a resolver that knows nothing: use the hosts file via the system resolver.
   */
  private static ProbeResult runWithLocalhost(Target t) {
    HttpProbe local = new HttpProbe(loop.vertx(), HostResolver.system(), "Lookout/test");
    Promise<ProbeResult> p = Promise.promise();
    context.runOnContext(v -> local.run(t).onComplete(p));
    ProbeResult r = await(p.future(), Duration.ofSeconds(20));
    context.runOnContext(v -> local.close());
    return r;
  }

  /** The routes of the test server: each one a behaviour a real site (or a hostile one) shows. */
  static final class TestRoutes {
    static void handle(io.vertx.core.http.HttpServerRequest req) {
      String path = req.path();
      HttpServerResponse res = req.response();
      if (path.equals("/ok")) {
        res.putHeader("X-Env", "prod").end("hello, please Sign in");
      } else if (path.startsWith("/delay/")) {
        long ms = Long.parseLong(path.substring(7));
        loop.vertx().setTimer(ms, id -> res.end("late"));
      } else if (path.startsWith("/slow-body/")) {
        long ms = Long.parseLong(path.substring(11));
        res.setChunked(true).write("first half, ");
        loop.vertx().setTimer(ms, id -> res.end("second half"));
      } else if (path.startsWith("/status/")) {
        res.setStatusCode(Integer.parseInt(path.substring(8))).end();
      } else if (path.equals("/loop/a")) {
        res.setStatusCode(302).putHeader("Location", "/loop/b").end();
      } else if (path.equals("/loop/b")) {
        res.setStatusCode(302).putHeader("Location", "/loop/a").end();
      } else if (path.startsWith("/chain/")) {
        int n = Integer.parseInt(path.substring(7));
        res.setStatusCode(302).putHeader("Location", n <= 1 ? "/ok" : "/chain/" + (n - 1)).end();
      } else if (path.equals("/json")) {
        res.putHeader("Content-Type", "application/json")
            .end("{\"status\":\"ok\",\"count\":3,\"nested\":{\"flag\":true}}");
      } else if (path.equals("/hang")) {
        // never answers
      } else if (path.equals("/big")) {
        streamBig(res, 100L * 1024 * 1024);
      } else {
        res.setStatusCode(404).end();
      }
    }

    /** Streams {@code remaining} bytes as fast as the client reads, honouring back-pressure. */
    private static void streamBig(HttpServerResponse res, long total) {
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
}
