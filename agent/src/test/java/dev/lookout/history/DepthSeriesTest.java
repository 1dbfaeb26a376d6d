package dev.lookout.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookout.history.DepthSeries.Trend;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DepthSeriesTest {
  private static final long S = 1_000_000_000L;

  /** An arbitrary nanoTime origin far from zero, as real readings are. */
  private static final long T0 = 7_000_000_000_000L;

  private static DepthSeries series(Duration window, double[][] samples) {
    DepthSeries s = new DepthSeries(window);
    for (double[] p : samples) {
      s.add(T0 + (long) (p[0] * S), p[1]);
    }
    return s;
  }

  @Test
  void slopeAndPredictionMatchAHandComputedFit() {
    // t = 0, 60, 120 s; y = 10, 20, 60. Means 60 and 30.
    // covariance = (-60)(-20) + 0(-10) + 60(30) = 3000; variance = 3600 + 0 + 3600 = 7200
    // slope = 3000 / 7200 = 0.41666 messages/s = 25 messages/min
    // fitted at t = 120: 30 + 0.41666 * 60 = 55; reaches 100 after (100 - 55) / 0.41666 = 108 s
    DepthSeries s = series(Duration.ofMinutes(10), new double[][] {{0, 10}, {60, 20}, {120, 60}});
    Trend t = s.trend(T0 + 120 * S);
    assertThat(t.samples()).isEqualTo(3);
    assertThat(t.span()).isEqualTo(Duration.ofMinutes(2));
    assertThat(t.perSecond()).isCloseTo(5.0 / 12, within(1e-12));
    assertThat(t.perMinute()).isCloseTo(25, within(1e-9));
    assertThat(t.fittedNow()).isCloseTo(55, within(1e-9));
    assertThat(t.secondsToReach(100)).isCloseTo(108, within(1e-9));
  }

  @Test
  void predictionIsTakenFromTheFittedLineAtEvaluationTime() {
    // Same fit, asked 30 s after the last sample: fitted 55 + 0.41666 * 30 = 67.5,
    // so 100 is (100 - 67.5) / 0.41666 = 78 s away, as predict_linear would say.
    DepthSeries s = series(Duration.ofMinutes(10), new double[][] {{0, 10}, {60, 20}, {120, 60}});
    Trend t = s.trend(T0 + 150 * S);
    assertThat(t.fittedNow()).isCloseTo(67.5, within(1e-9));
    assertThat(t.secondsToReach(100)).isCloseTo(78, within(1e-9));
  }

  @Test
  void aSteadyLineIsFittedExactlyAcrossTheRingBuffersGrowth() {
    DepthSeries s = new DepthSeries(Duration.ofHours(1));
    for (int i = 0; i < 40; i++) {
      s.add(T0 + i * 15L * S, 100 + 2.0 * i * 15);
    }
    Trend t = s.trend(T0 + 39 * 15L * S);
    assertThat(s.size()).isEqualTo(40);
    assertThat(t.perSecond()).isCloseTo(2, within(1e-9));
    assertThat(t.fittedNow()).isCloseTo(100 + 2.0 * 39 * 15, within(1e-6));
  }

  @Test
  void fewerThanThreeSamplesGiveNoTrend() {
    DepthSeries s = series(Duration.ofMinutes(10), new double[][] {{0, 10}, {60, 900}});
    assertThat(s.trend(T0 + 60 * S)).isEqualTo(Trend.NONE);
    assertThat(Trend.NONE.known()).isFalse();
    assertThat(Trend.NONE.secondsToReach(1000)).isNaN();
  }

  @Test
  void samplesAtOneInstantGiveNoTrend() {
    DepthSeries s = series(Duration.ofMinutes(10), new double[][] {{5, 1}, {5, 2}, {5, 3}});
    assertThat(s.trend(T0 + 5 * S)).isEqualTo(Trend.NONE);
  }

  @Test
  void aFlatOrFallingBacklogNeverReachesTheLimit() {
    Trend flat =
        series(Duration.ofMinutes(10), new double[][] {{0, 500}, {60, 500}, {120, 500}})
            .trend(T0 + 120 * S);
    assertThat(flat.perSecond()).isZero();
    assertThat(flat.secondsToReach(1000)).isNaN();
    Trend falling =
        series(Duration.ofMinutes(10), new double[][] {{0, 900}, {60, 600}, {120, 300}})
            .trend(T0 + 120 * S);
    assertThat(falling.perMinute()).isCloseTo(-300, within(1e-9));
    assertThat(falling.secondsToReach(1000)).isNaN();
  }

  @Test
  void aLineAlreadyPastTheLimitIsZeroSecondsAway() {
    Trend t =
        series(Duration.ofMinutes(10), new double[][] {{0, 900}, {60, 1000}, {120, 1100}})
            .trend(T0 + 120 * S);
    assertThat(t.secondsToReach(1000)).isZero();
  }

  @Test
  void samplesOlderThanTheWindowAreDropped() {
    DepthSeries s = new DepthSeries(Duration.ofMinutes(5));
    s.add(T0, 1000);
    s.add(T0 + 60 * S, 10);
    s.add(T0 + 120 * S, 20);
    s.add(T0 + 361 * S, 30);
    // At 361 s the samples at 0 and 60 s are more than 5 min old.
    assertThat(s.size()).isEqualTo(2);
    s.add(T0 + 362 * S, 40);
    Trend t = s.trend(T0 + 362 * S);
    assertThat(t.samples()).isEqualTo(3);
    assertThat(t.span()).isEqualTo(Duration.ofSeconds(242));
    s.evict(T0 + 1000 * S);
    assertThat(s.size()).isZero();
  }

  @Test
  void oneBurstDrainedAtOnceIsNotReadAsGrowth() {
    // Last minus first would say +0; least squares weighs the whole window and sees no trend up.
    Trend t =
        series(
                Duration.ofMinutes(10),
                new double[][] {{0, 10}, {60, 10}, {120, 400}, {180, 10}, {240, 10}})
            .trend(T0 + 240 * S);
    assertThat(t.perSecond()).isCloseTo(0, within(1e-9));
  }
}
