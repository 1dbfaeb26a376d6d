package dev.lookout.history;

import java.time.Duration;
import java.util.Arrays;

/**
 * A target's latency samples over a sliding time window, with exact quantiles: the samples are
 * sorted and the nearest-rank value is taken, so p95 of 20 samples is the 19th smallest, not an
 * interpolated guess. Kept in primitive arrays (a ring in arrival order, and the same values kept
 * sorted, so each probe costs a binary search and a short array move rather than a sort): a
 * thousand targets with a few dozen samples each cost well under a megabyte. Not thread-safe; owned
 * by one scheduler lane.
 */
public final class LatencyWindow {
  private final TimedRing ring;
  private double[] sorted = new double[16];
  private double sum;

  public LatencyWindow(Duration window) {
    this.ring = new TimedRing(window);
  }

  /** Adds a sample taken at {@code nowNanos} (a {@link System#nanoTime()} reading). */
  public void add(long nowNanos, double sampleSeconds) {
    evict(nowNanos);
    int size = ring.size();
    if (size == ring.capacity()) {
      sorted = Arrays.copyOf(sorted, size * 2);
    }
    ring.add(nowNanos, sampleSeconds);
    int pos = Arrays.binarySearch(sorted, 0, size, sampleSeconds);
    pos = pos < 0 ? -pos - 1 : pos;
    System.arraycopy(sorted, pos, sorted, pos + 1, size - pos);
    sorted[pos] = sampleSeconds;
    sum += sampleSeconds;
  }

  /** Drops samples older than the window. */
  public void evict(long nowNanos) {
    while (ring.expired(nowNanos)) {
      int size = ring.size();
      double gone = ring.removeOldest();
      int pos = Arrays.binarySearch(sorted, 0, size, gone);
      System.arraycopy(sorted, pos + 1, sorted, pos, size - pos - 1);
      sum -= gone;
    }
    if (ring.size() == 0) {
      sum = 0; // no drift carried over from a long history of additions and subtractions
    }
  }

  public int size() {
    return ring.size();
  }

  public Duration window() {
    return ring.window();
  }

  /** p50, p95 and p99 of the current samples, or {@link Quantiles#EMPTY} when there are none. */
  public Quantiles quantiles() {
    int size = ring.size();
    if (size == 0) {
      return Quantiles.EMPTY;
    }
    return new Quantiles(size, sum, rank(0.50), rank(0.95), rank(0.99));
  }

  private double rank(double q) {
    return sorted[rankIndex(ring.size(), q)];
  }

  /** The last {@code max} samples, oldest first, for a sparkline; one small array per call. */
  public LatencyTrail trail(int max) {
    int size = ring.size();
    int n = Math.min(size, max);
    if (n == 0) {
      return LatencyTrail.EMPTY;
    }
    float[] out = new float[n];
    for (int k = 0; k < n; k++) {
      out[k] = (float) ring.value(size - n + k);
    }
    return new LatencyTrail(out);
  }

  /** Nearest-rank quantile: the smallest sample with at least q of the samples at or below it. */
  static int rankIndex(int count, double q) {
    int index = (int) Math.ceil(q * count) - 1;
    return Math.max(0, Math.min(count - 1, index));
  }

  /**
   * Quantiles in seconds over {@code count} samples summing to {@code sum} seconds; NaN when there
   * were no samples.
   */
  public record Quantiles(int count, double sum, double p50, double p95, double p99) {
    public static final Quantiles EMPTY = new Quantiles(0, 0, Double.NaN, Double.NaN, Double.NaN);

    /**
     * The fewest samples a percentile expectation ({@code p95_below}, {@code p99_below}) is judged
     * on: below it, a "p95" is one or two probes' latency, and a cold first probe would page.
     */
    public static final int MIN_JUDGED = 5;
  }
}
