package dev.lookout.check.http;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Target;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
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
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.SimpleResolver;

/**
 * The phases against a server that shakes hands as nginx does: TLS 1.3 only, session tickets after
 * the handshake, so every probe after the first resumes a session the first one was given. Each
 * probe's handshake is its own and is timed in {@code tls}, not folded into {@code connect}.
 */
class HttpPhasesTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static HttpServer server;
  static SelfSignedCertificate cert;
  static HttpProbe probe;

  @BeforeAll
  static void start() {
    cert = SelfSignedCertificate.create("localhost");
    server =
        TestServers.http(
            loop.vertx(),
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setSsl(true)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
                .setKeyCertOptions(cert.keyCertOptions()),
            req -> req.response().end("ok"));
    probe =
        new HttpProbe(
            loop.vertx(),
            HostResolver.using(new SimpleResolver(new InetSocketAddress("127.0.0.1", 9))),
            "Lookout/test");
    warmUp();
  }

  @AfterAll
  static void stop() {
    cert.delete();
  }

  /** One probe on a throwaway Vert.x, so the JVM's first TLS set-up is not on the guarded loop. */
  private static void warmUp() {
    Vertx throwaway = Vertx.vertx();
    try {
      HttpProbe warm =
          new HttpProbe(
              throwaway,
              HostResolver.using(new SimpleResolver(new InetSocketAddress("127.0.0.1", 9))),
              "Lookout/test");
      Promise<ProbeResult> p = Promise.promise();
      throwaway.getOrCreateContext().runOnContext(v -> warm.run(target("")).onComplete(p));
      await(p.future(), Duration.ofSeconds(20));
    } finally {
      await(throwaway.close());
    }
  }

  static Target target(String extra) {
    return TestTargets.target(
        "name: t\n  http: {url: \"https://localhost:"
            + server.actualPort()
            + "/\", ca_file: \""
            + cert.certificatePath()
            + "\", connect_to: 127.0.0.1"
            + extra
            + "}\n  timeout: 5s");
  }

  static ProbeResult run(Target t) {
    Promise<ProbeResult> p = Promise.promise();
    loop.vertx().getOrCreateContext().runOnContext(v -> probe.run(t).onComplete(p));
    ProbeResult r = await(p.future(), Duration.ofSeconds(20));
    assertThat(r.failure()).isNull();
    return r;
  }

  static HttpPhases phases(ProbeResult r) {
    return ((HttpObservation) r.observation()).phases();
  }

  /** The latency is the target's time: the phases' sum, not the agent's work between them. */
  static void latencyIsThePhasesSum(ProbeResult r) {
    HttpPhases p = phases(r);
    double sum = p.dns() + p.connect() + p.tls() + p.ttfb() + p.transfer();
    assertThat(r.seconds()).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void everyHandshakeIsTimedInTlsEvenWhenTheSessionIsResumed() {
    for (int i = 0; i < 4; i++) {
      ProbeResult r = run(target(""));
      HttpPhases p = phases(r);
      assertThat(p.tls()).as("probe %d: %s", i, p).isGreaterThan(0);
      assertThat(p.connect()).as("probe %d: %s", i, p).isGreaterThan(0);
      latencyIsThePhasesSum(r);
    }
  }

  @Test
  void aPooledConnectionsHandshakeIsTimedInTlsEvenWhenTheSessionIsResumed() {
    // A new pool per probe is not what keep_alive does; a second probe on the same pooled
    // connection has no handshake, so only the first counts: it resumes the session tickets of
    // the fresh probes of the other test or of the warm-up.
    ProbeResult r = run(target(", keep_alive: true"));
    assertThat(phases(r).tls()).as("%s", phases(r)).isGreaterThan(0);
    latencyIsThePhasesSum(r);
  }
}
