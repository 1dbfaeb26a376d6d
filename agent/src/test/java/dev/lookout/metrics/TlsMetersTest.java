package dev.lookout.metrics;

import static dev.lookout.testing.TestCertificates.days;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.tls.AddressReport;
import dev.lookout.check.tls.TlsCheck;
import dev.lookout.check.tls.TlsExpect;
import dev.lookout.check.tls.TlsObservation;
import dev.lookout.config.AlertPolicy;
import dev.lookout.config.Target;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.CertificateChain;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.Scrapes;
import dev.lookout.testing.TestCertificates;
import dev.lookout.testing.TestCertificates.Authority;
import dev.lookout.testing.TestCertificates.Issued;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-address certificate series of a tls target. */
class TlsMetersTest {
  private static final Authority ROOT = TestCertificates.root("Root");
  private static final Authority R11 = ROOT.intermediate("R11", days(-30), days(5));

  private final LookoutMetrics metrics = new LookoutMetrics(Map.of("env", "test"), "0.0.0");
  private final Target target =
      new Target(
          "api-cert",
          new TlsCheck(
              "api.example.test",
              443,
              "api.example.test",
              List.of(),
              null,
              TlsCheck.StartTls.NONE,
              new TlsExpect(null, null, true, true, null, null)),
          Duration.ofSeconds(30),
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          AlertPolicy.defaults(),
          Map.of());

  @AfterEach
  void close() {
    metrics.close();
  }

  private static AddressReport served(String address, Issued leaf, String trustProblem) {
    return new AddressReport(
        address,
        null,
        new CertificateChain(leaf.chain()),
        "TLSv1.3",
        "TLS_AES_128_GCM_SHA256",
        trustProblem,
        null);
  }

  private static ProbeResult result(AddressReport... reports) {
    return ProbeResult.answered(
        Instant.now(),
        Duration.ofMillis(20),
        new TlsObservation("api.example.test", 443, List.of(reports)));
  }

  private String scrape() {
    return metrics.scrape(null).body();
  }

  @Test
  void expiryIsTheEarliestInTheChainAndTrustIsPerAddress() {
    TypedMeters meters = new TypedMeters(metrics, target);
    Issued leaf = R11.leaf(days(-1), days(60), "api.example.test");
    long intermediateExpiry = R11.cert().getNotAfter().toInstant().getEpochSecond();

    meters.record(
        result(
            served("203.0.113.7:443", leaf, null),
            served("[2001:db8::7]:443", leaf, "self-signed certificate")),
        false,
        Quantiles.EMPTY);

    assertThat(scrape())
        .contains(
            "lookout_tls_cert_expiry_timestamp_seconds{address=\"203.0.113.7:443\",env=\"test\","
                + "target=\"api-cert\"} "
                + (double) intermediateExpiry)
        .contains(
            "lookout_tls_cert_trusted{address=\"203.0.113.7:443\",env=\"test\",target=\"api-cert\"}"
                + " 1.0")
        .contains(
            "lookout_tls_cert_trusted{address=\"[2001:db8::7]:443\",env=\"test\","
                + "target=\"api-cert\"} 0.0");
  }

  @Test
  void expiredCertificateKeepsItsExpirySeries() {
    TypedMeters meters = new TypedMeters(metrics, target);
    Issued expired = ROOT.leaf(days(-90), days(-3), "api.example.test");

    meters.record(
        result(served("203.0.113.7:443", expired, "the certificate expired")),
        false,
        Quantiles.EMPTY);

    assertThat(
            Scrapes.value(
                scrape(),
                "lookout_tls_cert_expiry_timestamp_seconds",
                "address",
                "203.0.113.7:443"))
        .isEqualTo((double) expired.cert().getNotAfter().toInstant().getEpochSecond());
  }

  @Test
  void addressThatDisappearsTakesItsSeriesAlong() {
    TypedMeters meters = new TypedMeters(metrics, target);
    Issued leaf = ROOT.leaf("api.example.test");
    meters.record(
        result(served("203.0.113.7:443", leaf, null), served("203.0.113.8:443", leaf, null)),
        true,
        Quantiles.EMPTY);

    meters.record(result(served("203.0.113.7:443", leaf, null)), true, Quantiles.EMPTY);

    assertThat(scrape()).contains("203.0.113.7:443").doesNotContain("203.0.113.8:443");
    meters.close();
    assertThat(scrape()).doesNotContain("lookout_tls_cert");
  }
}
