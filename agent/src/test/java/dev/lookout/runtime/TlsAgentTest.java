package dev.lookout.runtime;

import static dev.lookout.testing.TestCertificates.days;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.evaluate.Finding;
import dev.lookout.probe.HostResolver;
import dev.lookout.status.TargetStatus;
import dev.lookout.testing.TestCertificates;
import dev.lookout.testing.TestCertificates.Authority;
import dev.lookout.testing.TestCertificates.Issued;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.SimpleResolver;

/** A tls target from YAML to metrics and status, through the real agent runtime. */
class TlsAgentTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path dir;

  @Test
  void expiredCertificateIsReportedThroughMetricsAndStatus() throws Exception {
    Authority root = TestCertificates.root("Agent Test Root");
    Issued expired = root.leaf(days(-60), days(-3).minus(Duration.ofHours(1)), "api.example.test");
    Files.writeString(dir.resolve("ca.pem"), root.pem());
    Vertx serverSide = Vertx.vertx();
    Agent agent = null;
    try {
      NetServer server =
          serverSide.createNetServer(
              new NetServerOptions()
                  .setSsl(true)
                  .setKeyCertOptions(expired.keyCertOptions())
                  .setHost("127.0.0.1")
                  .setPort(0));
      server.connectHandler(s -> {});
      int port = TestVertx.await(server.listen()).actualPort();
      Config config =
          new ConfigLoader(name -> null)
              .parse(
                  "lookout.yaml",
                  dir,
                  "agent: {listen: '127.0.0.1:0', state_dir: '"
                      + java.nio.file.Files.createTempDirectory("lookout-tls-agent")
                      + "'}\n"
                      + "targets:\n"
                      + "  - name: api-cert\n"
                      + "    interval: 1s\n"
                      + "    timeout: 5s\n"
                      + "    tls: {host: api.example.test, port: "
                      + port
                      + ", addresses: [127.0.0.1], ca_file: ca.pem}\n"
                      + "    expect: {days_left_above: 14}\n");
      // One run off the guarded loop first: a cold JVM loading the agent's classes and setting up
      // TLS is not what this test is about.
      Agent warmUp = agent(serverSide, config);
      TestVertx.await(warmUp.start(1));
      firstResult(warmUp);
      TestVertx.await(warmUp.stop());
      agent = agent(loop.vertx(), config);
      TestVertx.await(agent.start(1));

      TargetStatus status = firstResult(agent);

      String date =
          LocalDate.ofInstant(expired.cert().getNotAfter().toInstant(), ZoneOffset.UTC).toString();
      String on = "api.example.test on 127.0.0.1:" + port + ": ";
      assertThat(status.findings())
          .extracting(Finding::message)
          .containsExactly(
              on + "certificate expired 3 days ago (" + date + ")",
              on + "chain not trusted: the certificate expired on " + date);
      assertThat(agent.metrics().scrape(null).body())
          .contains(
              "lookout_tls_cert_expiry_timestamp_seconds{address=\"127.0.0.1:"
                  + port
                  + "\",target=\"api-cert\"} "
                  + (double) expired.cert().getNotAfter().toInstant().getEpochSecond())
          .contains(
              "lookout_tls_cert_trusted{address=\"127.0.0.1:"
                  + port
                  + "\",target=\"api-cert\"} 0.0")
          .contains("lookout_probe_success{target=\"api-cert\",type=\"tls\"} 0.0");
    } finally {
      if (agent != null) {
        TestVertx.await(agent.stop());
      }
      TestVertx.await(serverSide.close());
    }
  }

  private static Agent agent(Vertx vertx, Config config) {
    return new Agent(
        vertx,
        config,
        HostResolver.using(new SimpleResolver(new InetSocketAddress("127.0.0.1", 9))),
        "test",
        Clock.systemUTC());
  }

  /** Polls the agent's status (with a deadline, waiting on a Vert.x timer) for a first probe. */
  private static TargetStatus firstResult(Agent agent) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      List<TargetStatus> all = TestVertx.await(agent.statuses());
      Optional<TargetStatus> probed = all.stream().filter(s -> s.lastProbeAt() != null).findFirst();
      if (probed.isPresent()) {
        return probed.get();
      }
      TestVertx.await(loop.vertx().timer(50));
    }
    throw new AssertionError("no probe result within 20 s");
  }
}
