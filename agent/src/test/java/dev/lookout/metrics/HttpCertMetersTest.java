package dev.lookout.metrics;

import static dev.lookout.testing.TestCertificates.days;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.http.Hop;
import dev.lookout.check.http.HttpObservation;
import dev.lookout.config.Target;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestCertificates;
import dev.lookout.testing.TestCertificates.Authority;
import dev.lookout.testing.TestCertificates.Issued;
import dev.lookout.testing.TestTargets;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An http target on https exports the certificate series of the tls check for every https hop, so
 * one expiry alert rule covers both kinds of target.
 */
class HttpCertMetersTest {
  private static final Authority ROOT = TestCertificates.root("Root");
  private final LookoutMetrics metrics = new LookoutMetrics(Map.of(), "0.0.0");

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void eachHttpsHopExportsItsCertificateExpiry() {
    Issued apex = ROOT.leaf(days(-10), days(20), "example.test");
    Issued www = ROOT.leaf(days(-10), days(60), "www.example.test");
    Target t = TestTargets.target("name: shop\nhttp: {url: \"https://example.test/\"}");
    TypedMeters meters = new TypedMeters(metrics, t);
    HttpObservation o =
        new HttpObservation(
            List.of(
                new Hop(
                    URI.create("https://example.test/"),
                    "203.0.113.7:443",
                    301,
                    "https://www.example.test/",
                    apex.chain()),
                new Hop(
                    URI.create("https://www.example.test/"),
                    "203.0.113.8:443",
                    200,
                    null,
                    www.chain())),
            Map.of(),
            "",
            0,
            false,
            null);
    meters.record(
        ProbeResult.answered(Instant.now(), Duration.ofMillis(20), o), true, Quantiles.EMPTY);
    String scrape = metrics.scrape(null).body();
    assertThat(scrape)
        .contains(
            "lookout_tls_cert_expiry_timestamp_seconds{address=\"203.0.113.7:443\",target=\"shop\"} "
                + (double) apex.cert().getNotAfter().toInstant().getEpochSecond())
        .contains(
            "lookout_tls_cert_expiry_timestamp_seconds{address=\"203.0.113.8:443\",target=\"shop\"} "
                + (double) www.cert().getNotAfter().toInstant().getEpochSecond());
  }
}
