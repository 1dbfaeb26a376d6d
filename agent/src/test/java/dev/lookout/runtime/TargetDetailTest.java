package dev.lookout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Target;
import dev.lookout.history.DepthSeries.Trend;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.http.Hop;
import dev.lookout.probe.http.HttpObservation;
import dev.lookout.probe.http.HttpPhases;
import dev.lookout.probe.queue.QueueObservation;
import dev.lookout.probe.tls.AddressReport;
import dev.lookout.probe.tls.TlsObservation;
import dev.lookout.testing.TestCertificates;
import dev.lookout.testing.TestTargets;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the status page shows per check type, taken from one probe's observation. */
class TargetDetailTest {
  static final Target HTTP = TestTargets.target("name: web\nhttp: {url: \"https://127.0.0.1/\"}");
  static final Target QUEUE =
      TestTargets.target("name: jobs\nqueue: {url: \"http://127.0.0.1/q\", depth: /messages}");

  static ProbeResult answered(Object observation) {
    return ProbeResult.answered(
        Instant.now(), Duration.ofMillis(12), (dev.lookout.probe.Observation) observation);
  }

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
    TargetDetail d = TargetDetail.of(HTTP, answered(o), Trend.NONE, now);
    assertThat(d.facts()).containsExactly("HTTP 200 after 1 redirect", "certificate: 45 days left");
    assertThat(d.certDaysLeft()).isEqualTo(45L);
  }

  @Test
  void tlsCountsAddressesThatCompletedAHandshake() {
    TlsObservation o =
        new TlsObservation(
            "api",
            443,
            List.of(
                new AddressReport(
                    "127.0.0.1:443", "connection refused", null, null, null, null, null)));
    TargetDetail d = TargetDetail.of(HTTP, answered(o), Trend.NONE, Instant.now());
    assertThat(d.facts()).containsExactly("0 of 1 address ok");
    assertThat(d.certDaysLeft()).isNull();
  }

  @Test
  void queueShowsDepthGrowthConsumersAndOldestAge() {
    QueueObservation o = new QueueObservation(1234, 2, 300);
    Trend growing = new Trend(5, Duration.ofMinutes(2), 0.2, 1234);
    TargetDetail d = TargetDetail.of(QUEUE, answered(o), growing, Instant.now());
    assertThat(d.facts())
        .containsExactly("depth 1,234", "growing 12/min", "2 consumers", "oldest 5 min");
    assertThat(d.queueDepth()).isEqualTo(1234.0);
    assertThat(d.queueGrowthPerMinute()).isEqualTo(12.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void anUnansweredProbeHasNoDetail() {
    ProbeResult failed = ProbeResult.failed(Instant.now(), Duration.ofSeconds(1), "refused");
    assertThat(TargetDetail.of(QUEUE, failed, Trend.NONE, Instant.now()))
        .isEqualTo(TargetDetail.EMPTY);
  }
}
