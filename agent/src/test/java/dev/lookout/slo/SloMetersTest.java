package dev.lookout.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookout.config.SloPolicy;
import dev.lookout.metrics.LookoutMetrics;
import dev.lookout.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uptime and SLO series, registered the way the agent will, in a real scrape. */
class SloMetersTest {
  @TempDir Path dir;

  final TestClock clock = new TestClock(Instant.parse("2026-11-01T00:00:00Z"));
  final SloTracker tracker = new SloTracker(clock);

  /** A registry labelled {@code site=lab} with the tracker's SLO series registered. */
  LookoutMetrics withSloMeters() {
    LookoutMetrics metrics = new LookoutMetrics(Map.of("site", "lab"), "test");
    metrics
        .registry()
        .getPrometheusRegistry()
        .register(new SloMeters(tracker, Map.of("site", "lab")));
    return metrics;
  }

  String scrape() {
    SloPolicy both =
        new SloPolicy(0.999, new SloPolicy.Latency(Duration.ofMillis(800), 0.99), null, true);
    tracker.configure(
        List.of(SloTrackerTest.target("checkout", both), SloTrackerTest.target("plain", null)));
    for (int i = 0; i < 120; i++) {
      boolean ok = i % 10 != 0;
      tracker.record("checkout", clock.instant(), ok, true, ok ? 0.2 : 1.5, Duration.ofSeconds(30));
      tracker.record("plain", clock.instant(), true, true, 0.1, Duration.ofSeconds(30));
      clock.advance(Duration.ofSeconds(30));
    }
    try (LookoutMetrics metrics = withSloMeters()) {
      return metrics.scrape("text/plain").body();
    }
  }

  @Test
  void everyTargetHasUptimeAndAnSloTargetItsBudgetBurnAndEvents() {
    String body = scrape();
    // 12 of 120 probes failed (and were slow): a tenth of the time and of the probes
    assertThat(value(body, "lookout_uptime_ratio{site=\"lab\",target=\"checkout\",window=\"24h\"}"))
        .isCloseTo(0.9, within(1e-9));
    assertThat(value(body, "lookout_uptime_ratio{site=\"lab\",target=\"plain\",window=\"30d\"}"))
        .isEqualTo(1.0);
    assertThat(value(body, "lookout_unknown_seconds{site=\"lab\",target=\"plain\",window=\"24h\"}"))
        .isEqualTo(86400 - 3600.0);
    assertThat(
            value(
                body,
                "lookout_slo_objective_ratio{site=\"lab\",slo=\"availability\",target=\"checkout\"}"))
        .isEqualTo(0.999);
    assertThat(
            value(
                body,
                "lookout_slo_burn_rate{site=\"lab\",slo=\"latency\",target=\"checkout\",window=\"1h\"}"))
        .isCloseTo(10, within(1e-9));
    assertThat(
            value(
                body,
                "lookout_slo_burn_rate{site=\"lab\",slo=\"availability\",target=\"checkout\",window=\"5m\"}"))
        .isCloseTo(100, within(1e-9));
    assertThat(
            value(
                body,
                "lookout_slo_events_total{result=\"bad\",site=\"lab\",slo=\"availability\",target=\"checkout\"}"))
        .isEqualTo(12);
    // 6 min of bad time out of a 43.2 min budget
    assertThat(
            value(
                body,
                "lookout_slo_error_budget_remaining_ratio{site=\"lab\",slo=\"availability\",target=\"checkout\"}"))
        .isCloseTo(1 - 360 / 2592.0, within(1e-9));
    assertThat(body).doesNotContain("slo=\"availability\",target=\"plain\"");
  }

  @Test
  void aScrapeReadsTheUptimeOfTheLastRefreshNotAFreshTallyOfEveryTarget() {
    tracker.configure(List.of(SloTrackerTest.target("plain", null)));
    for (int i = 0; i < 10; i++) {
      tracker.record("plain", clock.instant(), true, true, 0.1, Duration.ofSeconds(30));
      clock.advance(Duration.ofSeconds(30));
    }
    tracker.uptimeAll(); // the agent's 15-second refresh
    for (int i = 0; i < 10; i++) {
      tracker.record("plain", clock.instant(), false, true, 0.1, Duration.ofSeconds(30));
      clock.advance(Duration.ofSeconds(30));
    }
    String series = "lookout_uptime_ratio{site=\"lab\",target=\"plain\",window=\"24h\"}";
    try (LookoutMetrics metrics = withSloMeters()) {
      assertThat(value(metrics.scrape("text/plain").body(), series)).isEqualTo(1.0);
      tracker.uptimeAll();
      assertThat(value(metrics.scrape("text/plain").body(), series)).isCloseTo(0.5, within(1e-9));
    }
  }

  @Test
  void aTargetTheLastRefreshKnewNothingOfIsTalliedAtTheScrape() {
    tracker.configure(List.of(SloTrackerTest.target("plain", null)));
    tracker.uptimeAll(); // at start, before any probe
    tracker.record("plain", clock.instant(), true, true, 0.1, Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    try (LookoutMetrics metrics = withSloMeters()) {
      assertThat(
              value(
                  metrics.scrape("text/plain").body(),
                  "lookout_uptime_ratio{site=\"lab\",target=\"plain\",window=\"24h\"}"))
          .isEqualTo(1.0);
    }
  }

  static double value(String body, String series) {
    for (String line : body.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError("no " + series + " in the scrape");
  }

  @Test
  void theScrapePassesPromtool() throws Exception {
    boolean present = new ProcessBuilder("sh", "-c", "command -v promtool").start().waitFor() == 0;
    Assumptions.assumeTrue(
        present, "promtool is not installed: skipping `promtool check metrics` (CI installs it)");
    Path file = dir.resolve("scrape.txt");
    Files.writeString(file, scrape());
    Process p =
        new ProcessBuilder("sh", "-c", "promtool check metrics < " + file)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out)
        .doesNotContain("lookout_uptime")
        .doesNotContain("lookout_slo")
        .doesNotContain("lookout_unknown");
  }
}
