package dev.lookout.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.dns.DnsObservation;
import dev.lookout.check.dns.DnsObservation.ServerAnswers;
import dev.lookout.check.dns.DnsObservation.TypeAnswer;
import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DnsMetricsTest {
  private LookoutMetrics metrics;
  private Target target;
  private TypedMeters meters;

  @BeforeEach
  void setUp() throws ConfigException {
    metrics = new LookoutMetrics(Map.of(), "test");
    target =
        new ConfigLoader(k -> null)
            .parse(
                "lookout.yaml",
                Path.of("."),
                "targets:\n  - name: apex\n    dns: {name: example.com, resolvers: [9.9.9.9]}\n"
                    + "    expect: {A: [203.0.113.10, 203.0.113.11], MX: [\"10 mx1.example.com.\"]}\n")
            .targets()
            .get(0);
    meters = new TypedMeters(metrics, target);
  }

  @AfterEach
  void tearDown() {
    meters.close();
    metrics.close();
  }

  private static TypeAnswer answer(String... values) {
    return new TypeAnswer(List.of(values), null, 300L, false, null, false);
  }

  private void record(String server, TypeAnswer a, TypeAnswer mx) {
    DnsObservation o =
        new DnsObservation(
            "example.com",
            List.of(new ServerAnswers(server, Duration.ofMillis(25), Map.of("A", a, "MX", mx))),
            null,
            List.of());
    meters.record(
        ProbeResult.answered(Instant.now(), Duration.ofMillis(30), o), false, Quantiles.EMPTY);
  }

  private String scrape() {
    return metrics.scrape(null).body();
  }

  @Test
  void driftAndEachSideOfTheDiffArePublished() {
    record("9.9.9.9", answer("203.0.113.10", "198.51.100.7"), answer("10 mx1.example.com."));
    String text = scrape();
    assertThat(text)
        .contains("lookout_dns_drift{target=\"apex\"} 1.0")
        .contains("lookout_dns_records_missing{rtype=\"A\",target=\"apex\"} 1.0")
        .contains("lookout_dns_records_unexpected{rtype=\"A\",target=\"apex\"} 1.0")
        .contains("lookout_dns_records_missing{rtype=\"MX\",target=\"apex\"} 0.0")
        .contains("lookout_dns_lookup_seconds{server=\"9.9.9.9\",target=\"apex\"} 0.025");

    record("1.1.1.1", answer("203.0.113.10", "203.0.113.11"), answer("10 mx1.example.com."));
    text = scrape();
    assertThat(text)
        .contains("lookout_dns_drift{target=\"apex\"} 0.0")
        .contains("lookout_dns_records_missing{rtype=\"A\",target=\"apex\"} 0.0")
        .contains("lookout_dns_lookup_seconds{server=\"1.1.1.1\",target=\"apex\"}")
        .doesNotContain("server=\"9.9.9.9\"");
  }

  @Test
  void closingRemovesEverySeries() {
    record("9.9.9.9", answer("203.0.113.10"), answer());
    meters.close();
    assertThat(scrape()).doesNotContain("lookout_dns_");
  }
}
