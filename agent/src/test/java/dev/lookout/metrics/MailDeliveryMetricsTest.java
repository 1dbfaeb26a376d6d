package dev.lookout.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.maildelivery.FolderRole;
import dev.lookout.check.maildelivery.MailAuth;
import dev.lookout.check.maildelivery.MailDeliveryObservation;
import dev.lookout.config.Target;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestTargets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MailDeliveryMetricsTest {
  private static final String BLOCK =
      "mail_delivery: {smtp: {host: smtp.example.com}, from: a@example.com, to: b@example.net,"
          + " imap: {host: imap.example.net, username: u, password: secret-pw}";

  private final LookoutMetrics metrics = new LookoutMetrics(Map.of(), "test");
  private TypedMeters meters;

  private void target(String folders) {
    Target t = TestTargets.target("name: mail\n" + BLOCK + folders + "}");
    meters = new TypedMeters(metrics, t);
  }

  @AfterEach
  void tearDown() {
    meters.close();
    metrics.close();
  }

  private String scrape() {
    return metrics.scrape(null).body();
  }

  private static String series(String name, String labels, String value) {
    return name + "{" + labels + "target=\"mail\"} " + value;
  }

  @Test
  void aDeliveryIsItsTimeItsFolderAndTheReceiversVerdicts() {
    target(", folders: {spam: Junk}");
    MailAuth auth =
        MailAuth.choose(
            List.of(
                "mx.example.net; spf=pass smtp.mailfrom=example.com; dkim=fail header.d=x.test"),
            "example.net",
            "example.com");
    MailDeliveryObservation o =
        new MailDeliveryObservation(
            Instant.now(),
            Duration.ofMillis(2500),
            Duration.ofMillis(2500),
            FolderRole.SPAM,
            "Junk",
            auth,
            0);
    meters.record(
        ProbeResult.answered(Instant.now(), Duration.ofMillis(2500), o), false, Quantiles.EMPTY);
    assertThat(scrape())
        .contains(series("lookout_mail_delivery_seconds", "", "2.5"))
        .contains(series("lookout_mail_folder", "folder=\"spam\",", "1.0"))
        .contains(series("lookout_mail_folder", "folder=\"inbox\",", "0.0"))
        .contains(series("lookout_mail_auth_result", "method=\"spf\",result=\"pass\",", "1.0"))
        .contains(series("lookout_mail_auth_result", "method=\"spf\",result=\"fail\",", "0.0"))
        .contains(series("lookout_mail_auth_result", "method=\"dkim\",result=\"fail\",", "1.0"))
        .contains(series("lookout_mail_auth_result", "method=\"dmarc\",result=\"pass\",", "0.0"))
        .contains(series("lookout_mail_auth_result", "method=\"dmarc\",result=\"none\",", "0.0"))
        .contains("lookout_probe_duration_seconds_sum{target=\"mail\",type=\"mail_delivery\"} 2.5")
        .doesNotContain("secret-pw");

    MailDeliveryObservation lost =
        new MailDeliveryObservation(
            Instant.now(), null, Duration.ofSeconds(60), null, null, MailAuth.NONE, 0);
    meters.record(
        new ProbeResult(Instant.now(), Duration.ofSeconds(61), lost, "not delivered within 1 min"),
        false,
        Quantiles.EMPTY);
    assertThat(scrape())
        .contains(series("lookout_mail_delivery_seconds", "", "NaN"))
        .contains(series("lookout_mail_folder", "folder=\"spam\",", "0.0"))
        .contains(series("lookout_mail_folder", "folder=\"inbox\",", "0.0"))
        .contains(series("lookout_mail_auth_result", "method=\"dkim\",result=\"fail\",", "NaN"));

    meters.record(
        ProbeResult.failed(Instant.now(), Duration.ofSeconds(1), "IMAP refused the login"),
        false,
        Quantiles.EMPTY);
    assertThat(scrape()).contains(series("lookout_mail_folder", "folder=\"inbox\",", "NaN"));
  }

  @Test
  void noSpamFolderNoSpamSeries() {
    target("");
    meters.record(
        ProbeResult.failed(Instant.now(), Duration.ofSeconds(1), "SMTP refused"),
        false,
        Quantiles.EMPTY);
    assertThat(scrape())
        .contains(series("lookout_mail_folder", "folder=\"inbox\",", "NaN"))
        .doesNotContain("folder=\"spam\"");
  }
}
