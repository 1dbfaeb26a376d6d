package dev.lookout.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Target;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestTargets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code lookout_probe_success} exists from a target's first verdict on, never as NaN before it:
 * one NaN sample would make {@code avg_over_time(lookout_probe_success[7d])} NaN for a week.
 */
class ProbeSuccessSeriesTest {
  private final LookoutMetrics metrics = new LookoutMetrics(Map.of(), "0.0.0");

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void theSeriesAppearsWithTheFirstVerdictAndIsNeverNaN() {
    Target t = TestTargets.target("name: shop\nhttp: {url: \"http://127.0.0.1:1/\"}");
    TargetMeters meters = metrics.forTarget(t);
    String before = metrics.scrape(null).body();
    assertThat(before).doesNotContain("lookout_probe_success{");

    meters.record(
        ProbeResult.failed(Instant.now(), Duration.ofMillis(3), "connect refused"),
        false,
        Quantiles.EMPTY);
    assertThat(metrics.scrape(null).body())
        .contains("lookout_probe_success{target=\"shop\",type=\"http\"} 0.0")
        .doesNotContain("NaN\nlookout_probe_success");
  }
}
