package dev.lookout.history;

/**
 * The most recent latency samples of a window, oldest first, for a sparkline: floats rather than
 * doubles and a fixed cap, because a snapshot of it is taken after every probe of every target.
 * Immutable once built.
 */
public final class LatencyTrail {
  public static final LatencyTrail EMPTY = new LatencyTrail(new float[0]);

  private final float[] seconds;

  LatencyTrail(float[] seconds) {
    this.seconds = seconds;
  }

  public int size() {
    return seconds.length;
  }

  /** The {@code i}-th sample in seconds, 0 being the oldest. */
  public float seconds(int i) {
    return seconds[i];
  }

  /** The largest sample, 0 when there are none. */
  public float max() {
    float max = 0;
    for (float s : seconds) {
      max = Math.max(max, s);
    }
    return max;
  }
}
