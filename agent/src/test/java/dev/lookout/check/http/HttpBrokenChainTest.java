package dev.lookout.check.http;

import static dev.lookout.testing.TestCertificates.days;
import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.tls.TlsProbe;
import dev.lookout.checks.CheckTypes;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestCertificates;
import dev.lookout.testing.TestCertificates.Authority;
import dev.lookout.testing.TestCertificates.Issued;
import dev.lookout.testing.TestDnsServer;
import dev.lookout.testing.TestServers;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.SimpleResolver;

/**
 * A broken certificate chain reads the same in the {@code http} check as in the {@code tls} check:
 * both checks are run against the same loopback server, and the http check's reason is the tls
 * check's, after the host and the address it was asked at.
 */
class HttpBrokenChainTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static final String HOST = "api.shop.test";
  static final Authority ROOT = TestCertificates.root("Shop Root");
  static final Authority R1 = ROOT.intermediate("Shop Intermediate R1", days(-30), days(300));

  /** Servers run on a Vert.x of their own: their TLS set-up is not the probe's event loop's. */
  static Vertx servers;

  static HttpProbe http;
  static TlsProbe tls;
  static Path caFile;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws IOException {
    servers = Vertx.vertx();
    // Never asked: every name is reached through connect_to or a check's own resolvers.
    HostResolver resolver =
        HostResolver.using(new SimpleResolver(new InetSocketAddress("127.0.0.1", 9)));
    http = new HttpProbe(loop.vertx(), resolver, "Lookout/test");
    tls = new TlsProbe(loop.vertx(), resolver);
    caFile = Files.writeString(dir.resolve("shop-root.pem"), ROOT.pem());
  }

  @AfterAll
  static void stop() {
    http.close();
    tls.close();
    await(servers.close());
  }

  static int serve(Issued cert) {
    HttpServer s =
        TestServers.http(
            servers,
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setSsl(true)
                .setKeyCertOptions(cert.keyCertOptions()),
            req -> req.response().end("ok"));
    return s.actualPort();
  }

  /** The leaf alone, as a server that forgot to configure its intermediate sends it. */
  static Issued withoutIntermediate(Issued leaf) {
    return new Issued(leaf.cert(), leaf.key(), List.of(leaf.cert()));
  }

  static Target httpTarget(String url, String keys) {
    return TestTargets.target(
        "name: web\n  http: {url: \"" + url + "\"" + keys + "}\n  timeout: 5s");
  }

  static Target httpTarget(int port, String keys) {
    return httpTarget("https://" + HOST + ":" + port + "/", ", connect_to: 127.0.0.1" + keys);
  }

  static String caFileKey() {
    return ", ca_file: \"" + caFile + "\"";
  }

  static Target tlsTarget(int port, String keys) {
    return TestTargets.target(
        "name: cert\n  tls: {host: "
            + HOST
            + ", port: "
            + port
            + ", addresses: [127.0.0.1]"
            + keys
            + "}\n  timeout: 5s");
  }

  static ProbeResult run(Probe probe, Target target) {
    Promise<ProbeResult> p = Promise.promise();
    loop.vertx().getOrCreateContext().runOnContext(v -> probe.run(target).onComplete(p));
    return await(p.future(), Duration.ofSeconds(20));
  }

  /** What the tls check says is wrong with the chain this server serves. */
  static String tlsCheckSays(int port, String keys) {
    Target t = tlsTarget(port, keys);
    ProbeResult r = run(tls, t);
    List<Finding> findings =
        CheckTypes.judge(t, r, Quantiles.EMPTY, Instant.now()).findings().stream()
            .filter(f -> f.expectation().equals("chain_trusted"))
            .toList();
    assertThat(findings).hasSize(1);
    String prefix = HOST + " on 127.0.0.1:" + port + ": chain not trusted: ";
    assertThat(findings.get(0).message()).startsWith(prefix);
    return findings.get(0).message().substring(prefix.length());
  }

  /** The http check's reason, and that it is the tls check's words for the same server. */
  static String httpCheckSays(int port, String keys) {
    return httpCheckSays(port, keys, "");
  }

  static String httpCheckSays(int port, String keys, String httpOnly) {
    String tlsReason = tlsCheckSays(port, keys);
    ProbeResult r = run(http, httpTarget(port, keys + httpOnly));
    assertThat(r.failure())
        .isEqualTo("TLS handshake with " + HOST + " (127.0.0.1:" + port + ") failed: " + tlsReason);
    return tlsReason;
  }

  @ParameterizedTest(name = "keep_alive: {0}")
  @ValueSource(booleans = {false, true})
  void missingIntermediateNamesTheIssuerAsTheTlsCheckDoes(boolean keepAlive) {
    int port = serve(withoutIntermediate(R1.leaf(HOST)));

    String reason = httpCheckSays(port, caFileKey(), ", keep_alive: " + keepAlive);

    assertThat(reason)
        .isEqualTo(
            "issuer \"Shop Intermediate R1\" is not a trusted CA (missing intermediate"
                + " certificate, or a root not in the trust store or ca_file)");
  }

  @Test
  void unknownRootIsNamedAsTheTlsCheckNamesIt() {
    Authority other = TestCertificates.root("Someone Else's Root");
    int port = serve(other.intermediate("Other R3", days(-30), days(300)).leaf(HOST));

    String reason = httpCheckSays(port, caFileKey());

    assertThat(reason)
        .isEqualTo(
            "issuer \"Someone Else's Root\" is not a trusted CA (missing intermediate"
                + " certificate, or a root not in the trust store or ca_file)");
  }

  @Test
  void selfSignedLeafIsSaidAsTheTlsCheckSaysIt() {
    int port = serve(TestCertificates.selfSigned(days(-1), days(90), HOST));

    String reason = httpCheckSays(port, "");

    assertThat(reason).isEqualTo("self-signed certificate, not in the trust store or ca_file");
  }

  @Test
  void expiredIntermediateIsDatedAsTheTlsCheckDatesIt() {
    Authority expired = ROOT.intermediate("Shop Intermediate R0", days(-400), days(-3));
    int port = serve(expired.leaf(days(-10), days(60), HOST));

    String reason = httpCheckSays(port, caFileKey());

    assertThat(reason)
        .isEqualTo(
            "intermediate \"Shop Intermediate R0\" expired on "
                + LocalDate.ofInstant(expired.cert().getNotAfter().toInstant(), ZoneOffset.UTC));
  }

  @Test
  void expiredLeafIsDatedAsTheTlsCheckDatesIt() {
    Issued leaf = R1.leaf(days(-90), days(-2), HOST);
    int port = serve(leaf);

    String reason = httpCheckSays(port, caFileKey());

    assertThat(reason)
        .isEqualTo(
            "the certificate expired on "
                + LocalDate.ofInstant(leaf.cert().getNotAfter().toInstant(), ZoneOffset.UTC));
  }

  @Test
  void goodChainThroughCaFileStillPasses() {
    int port = serve(R1.leaf(HOST));

    ProbeResult r = run(http, httpTarget(port, caFileKey()));

    assertThat(r.failure()).isNull();
    assertThat(((HttpObservation) r.observation()).status()).isEqualTo(200);
  }

  @Test
  void verifyTlsFalseAcceptsABrokenChain() {
    int port = serve(withoutIntermediate(R1.leaf(HOST)));

    ProbeResult r = run(http, httpTarget(port, ", verify_tls: false"));

    assertThat(r.failure()).isNull();
    assertThat(((HttpObservation) r.observation()).status()).isEqualTo(200);
  }

  @Test
  void aNameMismatchUnderConnectToNamesTheHostAsTheTlsCheckDoes() {
    // With connect_to the JDK checks the SNI name, then falls back to the address and names that.
    int port = serve(R1.leaf("other.shop.test"));
    Target t = tlsTarget(port, caFileKey());
    List<String> tlsFindings =
        CheckTypes.judge(t, run(tls, t), Quantiles.EMPTY, Instant.now()).findings().stream()
            .map(Finding::message)
            .toList();

    ProbeResult r = run(http, httpTarget(port, caFileKey()));

    assertThat(tlsFindings)
        .containsExactly(
            HOST + " on 127.0.0.1:" + port + ": name mismatch: served for other.shop.test");
    assertThat(r.failure())
        .isEqualTo(
            "TLS handshake with "
                + HOST
                + " (127.0.0.1:"
                + port
                + ") failed: name mismatch: served for other.shop.test");
  }

  @Test
  void concurrentProbesOfDifferentBrokenChainsEachNameTheirOwnIssuer() {
    Authority alpha = ROOT.intermediate("Alpha Intermediate", days(-30), days(300));
    Authority beta = ROOT.intermediate("Beta Intermediate", days(-30), days(300));
    int a = serve(withoutIntermediate(alpha.leaf(HOST)));
    int b = serve(withoutIntermediate(beta.leaf(HOST)));
    Target toA = httpTarget(a, caFileKey());
    Target toB = httpTarget(b, caFileKey());

    // Same check keys, so the same clients and trust managers: interleaved handshakes on one loop.
    Promise<List<ProbeResult>> all = Promise.promise();
    loop.vertx()
        .getOrCreateContext()
        .runOnContext(
            v -> {
              List<Future<ProbeResult>> runs = new ArrayList<>();
              for (int i = 0; i < 10; i++) {
                runs.add(http.run(toA));
                runs.add(http.run(toB));
              }
              Future.all(runs)
                  .map(done -> runs.stream().map(Future::result).toList())
                  .onComplete(all);
            });
    List<ProbeResult> results = await(all.future(), Duration.ofSeconds(30));

    for (int i = 0; i < results.size(); i++) {
      boolean toAlpha = i % 2 == 0;
      assertThat(results.get(i).failure())
          .isEqualTo(
              "TLS handshake with "
                  + HOST
                  + " (127.0.0.1:"
                  + (toAlpha ? a : b)
                  + ") failed: issuer \""
                  + (toAlpha ? "Alpha Intermediate" : "Beta Intermediate")
                  + "\" is not a trusted CA (missing intermediate certificate, or a root not in"
                  + " the trust store or ca_file)");
    }
  }

  @Test
  void aRedirectToABrokenHttpsHopNamesThatHopsHost() {
    int broken = serve(withoutIntermediate(R1.leaf("pay.shop.test")));
    HttpServer start =
        TestServers.http(
            servers,
            "127.0.0.1",
            req ->
                req.response()
                    .setStatusCode(302)
                    .putHeader("Location", "https://pay.shop.test:" + broken + "/checkout")
                    .end());
    try (TestDnsServer dns =
        TestDnsServer.start()
            .records("www.shop.test", "A", "127.0.0.1")
            .records("pay.shop.test", "A", "127.0.0.1")) {
      ProbeResult r =
          run(
              http,
              httpTarget(
                  "http://www.shop.test:" + start.actualPort() + "/",
                  ", resolvers: [\"" + dns.address() + "\"]" + caFileKey()));

      assertThat(r.failure())
          .isEqualTo(
              "TLS handshake with pay.shop.test (127.0.0.1:"
                  + broken
                  + ") failed: issuer \"Shop Intermediate R1\" is not a trusted CA (missing"
                  + " intermediate certificate, or a root not in the trust store or ca_file)");
    }
  }
}
