package dev.lookout.history;

import java.time.Duration;

/**
 * A queue's backlog depth over a sliding time window, and the trend fitted to it: the least-squares
 * slope (messages per second) and, as Prometheus' {@code predict_linear} does, the time until the
 * fitted line reaches a limit. A least-squares fit rather than last-minus-first, so one burst that
 * is drained at once does not read as growth. Not thread-safe; owned by one scheduler lane.
 */
public final class DepthSeries {
  /** Fewer samples than this give no trend: two points make a line out of any blip. */
  public static final int MIN_SAMPLES = 3;

  private final TimedRing ring;

  public DepthSeries(Duration window) {
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("window must be longer than zero");
    }
    this.ring = new TimedRing(window);
  }

  /** Adds the depth seen at {@code nowNanos} (a {@link System#nanoTime()} reading). */
  public void add(long nowNanos, double value) {
    ring.evict(nowNanos);
    ring.add(nowNanos, value);
  }

  /** Drops samples older than the window. */
  public void evict(long nowNanos) {
    ring.evict(nowNanos);
  }

  public int size() {
    return ring.size();
  }

  public Duration window() {
    return ring.window();
  }

  /**
   * The trend of the samples in the window as seen at {@code nowNanos}, or {@link Trend#NONE} with
   * fewer than {@link #MIN_SAMPLES} samples or when they were all taken at the same instant.
   */
  public Trend trend(long nowNanos) {
    int size = ring.size();
    if (size < MIN_SAMPLES) {
      return Trend.NONE;
    }
    // Times relative to the first sample, in seconds, keep the sums small and exact enough.
    long t0 = ring.at(0);
    double sumT = 0;
    double sumY = 0;
    for (int k = 0; k < size; k++) {
      sumT += (ring.at(k) - t0) / 1e9;
      sumY += ring.value(k);
    }
    double meanT = sumT / size;
    double meanY = sumY / size;
    double covariance = 0;
    double variance = 0;
    for (int k = 0; k < size; k++) {
      double dt = (ring.at(k) - t0) / 1e9 - meanT;
      covariance += dt * (ring.value(k) - meanY);
      variance += dt * dt;
    }
    if (variance == 0) {
      return Trend.NONE;
    }
    double slope = covariance / variance;
    double nowT = (nowNanos - t0) / 1e9;
    double fittedNow = meanY + slope * (nowT - meanT);
    long last = ring.at(size - 1);
    return new Trend(size, Duration.ofNanos(last - t0), slope, fittedNow);
  }

  /**
   * A fitted line through the window's samples.
   *
   * @param samples how many samples the fit used (0 for {@link #NONE})
   * @param span time from the first to the last sample
   * @param perSecond the slope, in messages per second; NaN when there is no trend
   * @param fittedNow the line's value at the time the trend was taken
   */
  public record Trend(int samples, Duration span, double perSecond, double fittedNow) {
    public static final Trend NONE = new Trend(0, Duration.ZERO, Double.NaN, Double.NaN);

    public boolean known() {
      return samples > 0;
    }

    public double perMinute() {
      return perSecond * 60;
    }

    /**
     * Seconds until the fitted line reaches {@code limit}: 0 when it already has, NaN when it never
     * will (no trend, a flat or a falling backlog). Same arithmetic as Prometheus' {@code
     * predict_linear}, solved for the time instead of the value.
     */
    public double secondsToReach(double limit) {
      if (!known() || !(perSecond > 0)) {
        return Double.NaN;
      }
      return Math.max(0, (limit - fittedNow) / perSecond);
    }
  }
}
