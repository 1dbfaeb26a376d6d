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

  private final long windowNanos;
  private long[] at = new long[16];
  private double[] depth = new double[16];
  private int head;
  private int size;

  public DepthSeries(Duration window) {
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("window must be longer than zero");
    }
    this.windowNanos = window.toNanos();
  }

  /** Adds the depth seen at {@code nowNanos} (a {@link System#nanoTime()} reading). */
  public void add(long nowNanos, double value) {
    evict(nowNanos);
    if (size == at.length) {
      grow();
    }
    int i = (head + size) % at.length;
    at[i] = nowNanos;
    depth[i] = value;
    size++;
  }

  /** Drops samples older than the window. */
  public void evict(long nowNanos) {
    while (size > 0 && nowNanos - at[head] > windowNanos) {
      head = (head + 1) % at.length;
      size--;
    }
  }

  public int size() {
    return size;
  }

  public Duration window() {
    return Duration.ofNanos(windowNanos);
  }

  /**
   * The trend of the samples in the window as seen at {@code nowNanos}, or {@link Trend#NONE} with
   * fewer than {@link #MIN_SAMPLES} samples or when they were all taken at the same instant.
   */
  public Trend trend(long nowNanos) {
    if (size < MIN_SAMPLES) {
      return Trend.NONE;
    }
    // Times relative to the first sample, in seconds, keep the sums small and exact enough.
    long t0 = at[head];
    double sumT = 0;
    double sumY = 0;
    for (int k = 0; k < size; k++) {
      int i = (head + k) % at.length;
      sumT += (at[i] - t0) / 1e9;
      sumY += depth[i];
    }
    double meanT = sumT / size;
    double meanY = sumY / size;
    double covariance = 0;
    double variance = 0;
    for (int k = 0; k < size; k++) {
      int i = (head + k) % at.length;
      double dt = (at[i] - t0) / 1e9 - meanT;
      covariance += dt * (depth[i] - meanY);
      variance += dt * dt;
    }
    if (variance == 0) {
      return Trend.NONE;
    }
    double slope = covariance / variance;
    double nowT = (nowNanos - t0) / 1e9;
    double fittedNow = meanY + slope * (nowT - meanT);
    long last = at[(head + size - 1) % at.length];
    return new Trend(size, Duration.ofNanos(last - t0), slope, fittedNow);
  }

  private void grow() {
    long[] a = new long[at.length * 2];
    double[] d = new double[at.length * 2];
    for (int k = 0; k < size; k++) {
      a[k] = at[(head + k) % at.length];
      d[k] = depth[(head + k) % at.length];
    }
    at = a;
    depth = d;
    head = 0;
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
