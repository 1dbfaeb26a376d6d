package dev.lookout.check.http;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Target;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestDnsServer;
import dev.lookout.testing.TestServers;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.SimpleResolver;

/**
 * Staging and pre-cutover hosts: {@code resolvers:} asks a staging zone's resolver, {@code
 * connect_to:} probes one address; either way the certificate is verified against the URL's host.
 */
class HttpStagingTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static final String HOST = "api.bazaar.test";
  static HttpServer tlsServer;
  static SelfSignedCertificate cert;
  static NxdomainResponder system;
  static TestDnsServer staging;
  static HttpProbe probe;

  @BeforeAll
  static void start() throws Exception {
    cert = SelfSignedCertificate.create(HOST);
    tlsServer =
        TestServers.http(
            loop.vertx(),
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setSsl(true)
                .setKeyCertOptions(cert.keyCertOptions()),
            req -> req.response().end("host " + req.getHeader("Host")));
    // The agent's own resolver knows no such name: only the staging resolver does.
    system = NxdomainResponder.start();
    staging = TestDnsServer.start().records(HOST, "A", "127.0.0.1");
    probe =
        new HttpProbe(
            loop.vertx(),
            HostResolver.using(
                new SimpleResolver(new InetSocketAddress("127.0.0.1", system.port()))),
            "Lookout/test");
    warmUp();
  }

  /**
   * One probe on a throwaway Vert.x instance, so the JVM's one-time TLS setup is not counted
   * against the guarded event loop of the first test.
   */
  private static void warmUp() {
    Vertx throwaway = Vertx.vertx();
    try {
      HttpProbe warm =
          new HttpProbe(
              throwaway,
              HostResolver.using(
                  new SimpleResolver(new InetSocketAddress("127.0.0.1", system.port()))),
              "Lookout/test");
      Promise<ProbeResult> p = Promise.promise();
      Target t =
          TestTargets.target(
              "name: t\n  http: {url: \"https://127.0.0.1:"
                  + tlsServer.actualPort()
                  + "/\", verify_tls: false}");
      throwaway.getOrCreateContext().runOnContext(v -> warm.run(t).onComplete(p));
      await(p.future(), Duration.ofSeconds(20));
    } finally {
      await(throwaway.close());
    }
  }

  @AfterAll
  static void stop() {
    system.close();
    staging.close();
    cert.delete();
  }

  static ProbeResult run(String http) {
    Target t =
        TestTargets.target(
            "name: t\n  http: {url: \"https://"
                + HOST
                + ":"
                + tlsServer.actualPort()
                + "/\", ca_file: \""
                + cert.certificatePath()
                + "\", "
                + http
                + "}\n  timeout: 3s");
    Promise<ProbeResult> p = Promise.promise();
    loop.vertx().getOrCreateContext().runOnContext(v -> probe.run(t).onComplete(p));
    return await(p.future(), Duration.ofSeconds(20));
  }

  @Test
  void resolversAskTheStagingResolverAndVerifyTheCertificateForTheName() {
    ProbeResult r = run("resolvers: [\"" + staging.address() + "\"]");
    assertThat(r.failure()).isNull();
    HttpObservation o = (HttpObservation) r.observation();
    assertThat(o.status()).isEqualTo(200);
    assertThat(o.body()).isEqualTo("host " + HOST + ":" + tlsServer.actualPort());
    assertThat(o.last().address()).isEqualTo("127.0.0.1:" + tlsServer.actualPort());
    assertThat(staging.queries()).isNotEmpty();
  }

  @Test
  void connectToProbesTheAddressWithVerificationOnForTheUrlsHost() {
    int before = staging.queries().size();
    ProbeResult r = run("connect_to: 127.0.0.1");
    assertThat(r.failure()).isNull();
    HttpObservation o = (HttpObservation) r.observation();
    assertThat(o.status()).isEqualTo(200);
    assertThat(o.body()).isEqualTo("host " + HOST + ":" + tlsServer.actualPort());
    assertThat(o.last().address()).isEqualTo("127.0.0.1:" + tlsServer.actualPort());
    assertThat(o.last().chain()).isNotEmpty();
    assertThat(staging.queries()).hasSize(before);
  }

  @Test
  void connectToStillChecksTheCertificateAgainstTheName() {
    SelfSignedCertificate other = SelfSignedCertificate.create("other.bazaar.test");
    try {
      Target t =
          TestTargets.target(
              "name: t\n  http: {url: \"https://"
                  + HOST
                  + ":"
                  + tlsServer.actualPort()
                  + "/\", ca_file: \""
                  + other.certificatePath()
                  + "\", connect_to: 127.0.0.1}\n  timeout: 3s");
      Promise<ProbeResult> p = Promise.promise();
      loop.vertx().getOrCreateContext().runOnContext(v -> probe.run(t).onComplete(p));
      ProbeResult r = await(p.future(), Duration.ofSeconds(20));
      // The URL's host is named, then the address connect_to asked.
      assertThat(r.failure())
          .isEqualTo(
              "TLS handshake with "
                  + HOST
                  + " (127.0.0.1:"
                  + tlsServer.actualPort()
                  + ") failed: self-signed certificate, not in the trust store or ca_file");
    } finally {
      other.delete();
    }
  }

  @Test
  void keepAliveHonoursConnectTo() {
    ProbeResult r = run("connect_to: 127.0.0.1, keep_alive: true");
    assertThat(r.failure()).isNull();
    HttpObservation o = (HttpObservation) r.observation();
    assertThat(o.body()).isEqualTo("host " + HOST + ":" + tlsServer.actualPort());
  }
}
