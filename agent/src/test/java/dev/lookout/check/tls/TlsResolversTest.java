package dev.lookout.check.tls;

import static dev.lookout.check.tls.TlsFixture.HOST;
import static dev.lookout.check.tls.TlsFixture.findings;
import static dev.lookout.check.tls.TlsFixture.target;
import static dev.lookout.testing.TestCertificates.days;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.HostPort;
import dev.lookout.config.Target;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestCertificates;
import dev.lookout.testing.TestCertificates.Authority;
import dev.lookout.testing.TestDnsServer;
import dev.lookout.testing.TestVertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code resolvers:} on the tls check: the names are asked of a staging zone's resolver. */
class TlsResolversTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path dir;

  @Test
  void theNamedResolverAnswersForTheHost() throws Exception {
    Authority root = TestCertificates.root("Lookout Test Root");
    Path caFile = dir.resolve("ca.pem");
    Files.writeString(caFile, root.pem());
    try (TestDnsServer staging = TestDnsServer.start().records(HOST, "A", "127.0.0.1");
        TlsFixture fixture = new TlsFixture(loop.vertx())) {
      int port = fixture.tls("127.0.0.1", 0, root.leaf(days(-1), days(80), HOST));
      Target t =
          target(
              new TlsCheck(
                  HOST,
                  port,
                  HOST,
                  List.of(),
                  caFile,
                  TlsCheck.StartTls.NONE,
                  new TlsExpect(14, null, true, true, null, null),
                  List.of(HostPort.parse(staging.address(), 53))),
              Duration.ofSeconds(5));

      ProbeResult r = fixture.run(t);

      assertThat(r.failure()).isNull();
      assertThat(((TlsObservation) r.observation()).addresses())
          .extracting(AddressReport::address)
          .containsExactly("127.0.0.1:" + port);
      assertThat(findings(t, r)).isEmpty();
      assertThat(staging.queries()).isNotEmpty();
    }
  }
}
