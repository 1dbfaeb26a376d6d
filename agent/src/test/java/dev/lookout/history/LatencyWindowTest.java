package dev.lookout.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {
  /** The reference: sort everything, take the nearest rank. */
  private static double reference(List<Double> samples, double q) {
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(1, rank) - 1);
  }

  @RepeatedTest(20)
  void quantilesEqualASortedListReference() {
    Random random = new Random();
    int n = 1 + random.nextInt(500);
    LatencyWindow window = new LatencyWindow(Duration.ofMinutes(5));
    List<Double> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double s = random.nextDouble() * random.nextDouble() * 3;
      samples.add(s);
      window.add(i, s);
    }
    LatencyWindow.Quantiles q = window.quantiles();
    assertThat(q.count()).isEqualTo(n);
    assertThat(q.p50()).isEqualTo(reference(samples, 0.50));
    assertThat(q.p95()).isEqualTo(reference(samples, 0.95));
    assertThat(q.p99()).isEqualTo(reference(samples, 0.99));
  }

  @RepeatedTest(10)
  void quantilesStayExactWhileOldSamplesLeaveTheWindow() {
    Random random = new Random();
    LatencyWindow window = new LatencyWindow(Duration.ofNanos(50));
    List<long[]> times = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (int t = 0; t < 400; t++) {
      double s = random.nextInt(20) / 10.0; // many equal values, as real latencies have
      window.add(t, s);
      times.add(new long[] {t});
      values.add(s);
      List<Double> live = new ArrayList<>();
      for (int k = 0; k < times.size(); k++) {
        if (t - times.get(k)[0] <= 50) {
          live.add(values.get(k));
        }
      }
      LatencyWindow.Quantiles q = window.quantiles();
      assertThat(q.count()).isEqualTo(live.size());
      assertThat(q.p50()).isEqualTo(reference(live, 0.50));
      assertThat(q.p99()).isEqualTo(reference(live, 0.99));
      assertThat(q.sum())
          .isCloseTo(
              live.stream().mapToDouble(Double::doubleValue).sum(),
              org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void samplesOlderThanTheWindowAreDropped() {
    LatencyWindow window = new LatencyWindow(Duration.ofSeconds(10));
    long second = 1_000_000_000L;
    window.add(0, 5.0);
    window.add(5 * second, 1.0);
    window.add(12 * second, 2.0);
    assertThat(window.size()).isEqualTo(2);
    assertThat(window.quantiles().p99()).isEqualTo(2.0);
    window.evict(30 * second);
    assertThat(window.size()).isZero();
    assertThat(window.quantiles()).isEqualTo(LatencyWindow.Quantiles.EMPTY);
  }

  @Test
  void p95OfTwentySamplesIsTheNineteenthSmallest() {
    LatencyWindow window = new LatencyWindow(Duration.ofMinutes(5));
    for (int i = 1; i <= 20; i++) {
      window.add(i, i / 100.0);
    }
    assertThat(window.quantiles().p95()).isEqualTo(0.19);
    assertThat(window.quantiles().p50()).isEqualTo(0.10);
  }

  @Test
  void theRingGrowsAndKeepsOrderAcrossWraparound() {
    LatencyWindow window = new LatencyWindow(Duration.ofNanos(100));
    for (int i = 0; i < 1000; i++) {
      window.add(i, i);
    }
    // Only samples within 100 ns of the last one remain: 899..999.
    assertThat(window.size()).isEqualTo(101);
    assertThat(window.quantiles().p50()).isEqualTo(949.0);
  }
}
