package dev.lookout.history;

import java.time.Duration;

/**
 * Samples over a sliding time window, oldest first, in two primitive arrays used as a ring: the
 * store under {@link LatencyWindow} and {@link DepthSeries}. Adding and dropping never allocate
 * except when the ring doubles, so a probe costs no garbage. Not thread-safe; owned by one lane.
 */
final class TimedRing {
  private final long windowNanos;
  private long[] at = new long[16];
  private double[] values = new double[16];
  private int head;
  private int size;

  TimedRing(Duration window) {
    this.windowNanos = window.toNanos();
  }

  /** Appends a sample taken at {@code nanos} (a {@link System#nanoTime()} reading). */
  void add(long nanos, double value) {
    if (size == at.length) {
      grow();
    }
    int i = slot(size);
    at[i] = nanos;
    values[i] = value;
    size++;
  }

  /** Whether the oldest sample is older than the window at {@code nowNanos}. */
  boolean expired(long nowNanos) {
    return size > 0 && nowNanos - at[head] > windowNanos;
  }

  /** Drops the oldest sample and returns its value; only when there is one. */
  double removeOldest() {
    double gone = values[head];
    head = (head + 1) % at.length;
    size--;
    return gone;
  }

  /** Drops every sample older than the window. */
  void evict(long nowNanos) {
    while (expired(nowNanos)) {
      removeOldest();
    }
  }

  int size() {
    return size;
  }

  /** How many samples fit before the ring doubles. */
  int capacity() {
    return at.length;
  }

  /** The time of the {@code k}-th sample, oldest first. */
  long at(int k) {
    return at[slot(k)];
  }

  /** The value of the {@code k}-th sample, oldest first. */
  double value(int k) {
    return values[slot(k)];
  }

  Duration window() {
    return Duration.ofNanos(windowNanos);
  }

  private int slot(int k) {
    return (head + k) % at.length;
  }

  private void grow() {
    long[] a = new long[at.length * 2];
    double[] v = new double[at.length * 2];
    for (int k = 0; k < size; k++) {
      a[k] = at(k);
      v[k] = value(k);
    }
    at = a;
    values = v;
    head = 0;
  }
}
