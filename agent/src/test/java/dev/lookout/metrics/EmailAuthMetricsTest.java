package dev.lookout.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.emailauth.MailAnswer;
import dev.lookout.check.emailauth.MailQuery;
import dev.lookout.check.emailauth.MailRecords;
import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmailAuthMetricsTest {
  private LookoutMetrics metrics;
  private TypedMeters meters;

  @BeforeEach
  void setUp() throws ConfigException {
    metrics = new LookoutMetrics(Map.of(), "test");
    Target target =
        new ConfigLoader(k -> null)
            .parse(
                "lookout.yaml",
                Path.of("."),
                "targets:\n  - name: mail\n    email_auth: {domain: example.com}\n")
            .targets()
            .get(0);
    meters = new TypedMeters(metrics, target);
  }

  @AfterEach
  void tearDown() {
    meters.close();
    metrics.close();
  }

  private static MailAnswer found(String... values) {
    return new MailAnswer(MailAnswer.Status.FOUND, List.of(values), null, null);
  }

  private static MailAnswer none() {
    return new MailAnswer(MailAnswer.Status.NXDOMAIN, List.of(), null, null);
  }

  private String scrape() {
    return metrics.scrape(null).body();
  }

  @Test
  void findingsAreCountedByCheckAndLevel() {
    Map<MailQuery, MailAnswer> answers = new LinkedHashMap<>();
    answers.put(MailQuery.txt("example.com"), found("v=spf1 ptr +all"));
    answers.put(MailQuery.txt("_dmarc.example.com"), found("v=DMARC1; p=none"));
    answers.put(new MailQuery("example.com", "MX"), none());
    MailRecords o = new MailRecords("example.com", answers, 3, 1, true);
    meters.record(
        ProbeResult.answered(Instant.now(), Duration.ofMillis(30), o), false, Quantiles.EMPTY);
    assertThat(scrape())
        .contains("lookout_email_auth_findings{check=\"spf\",level=\"fail\",target=\"mail\"} 1.0")
        .contains("lookout_email_auth_findings{check=\"spf\",level=\"warn\",target=\"mail\"} 1.0")
        .contains("lookout_email_auth_findings{check=\"dmarc\",level=\"warn\",target=\"mail\"} 2.0")
        .contains("lookout_email_auth_findings{check=\"dmarc\",level=\"fail\",target=\"mail\"} 0.0")
        .contains("lookout_email_auth_findings{check=\"mx\",level=\"fail\",target=\"mail\"} 1.0")
        .contains("lookout_email_auth_findings{check=\"dkim\",level=\"fail\",target=\"mail\"} 0.0");

    meters.record(
        ProbeResult.failed(Instant.now(), Duration.ofSeconds(10), "no DNS answer"),
        false,
        Quantiles.EMPTY);
    assertThat(scrape())
        .contains("lookout_email_auth_findings{check=\"spf\",level=\"fail\",target=\"mail\"} NaN");
  }

  @Test
  void closingRemovesEverySeries() {
    meters.close();
    assertThat(scrape()).doesNotContain("lookout_email_auth_");
  }
}
