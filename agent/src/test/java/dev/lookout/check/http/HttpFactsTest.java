package dev.lookout.check.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.status.TargetDetail;
import dev.lookout.testing.TestCertificates;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the status page shows about an http target, taken from one probe's observation. */
class HttpFactsTest {
  @Test
  void httpShowsStatusRedirectsAndTheEarliestCertificate() {
    TestCertificates.Issued cert =
        TestCertificates.selfSigned(TestCertificates.days(-1), TestCertificates.days(46), "web");
    // Certificates keep whole seconds: measure from a fixed point 45 days and an hour before
    // expiry.
    Instant now =
        cert.cert().getNotAfter().toInstant().minus(Duration.ofDays(45)).minusSeconds(3600);
    HttpObservation o =
        new HttpObservation(
            List.of(
                new Hop(URI.create("http://web/"), "127.0.0.1:80", 301, "https://web/", List.of()),
                new Hop(URI.create("https://web/"), "127.0.0.1:443", 200, null, cert.chain())),
            Map.of(),
            "",
            0,
            false,
            HttpPhases.ZERO);
    TargetDetail d = HttpTarget.detail(o, now);
    assertThat(d.facts()).containsExactly("HTTP 200 after 1 redirect", "certificate: 45 days left");
    assertThat(d.field("cert_days_left")).isEqualTo(45L);
  }
}
