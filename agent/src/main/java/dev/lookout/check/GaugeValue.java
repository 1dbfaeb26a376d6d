package dev.lookout.check;

/**
 * A gauge's current value: written by the target's lane after a probe, read by scrapes on another
 * thread, hence volatile.
 */
public final class GaugeValue {
  private volatile double value;

  public GaugeValue() {
    this(Double.NaN);
  }

  public GaugeValue(double value) {
    this.value = value;
  }

  public double get() {
    return value;
  }

  public void set(double value) {
    this.value = value;
  }
}
