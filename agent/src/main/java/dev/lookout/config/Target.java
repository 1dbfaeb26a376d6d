package dev.lookout.config;

import java.time.Duration;
import java.util.Map;

/**
 * One thing to watch: a name, exactly one check (with its expectations), and its schedule; {@code
 * slo} is null unless the target (or {@code defaults}) sets service level objectives; {@code
 * impact} is null unless the target says how much it matters ({@code lookout report} ranks by it).
 */
public record Target(
    String name,
    CheckSpec check,
    Duration interval,
    Duration timeout,
    Duration window,
    AlertPolicy alert,
    Map<String, String> labels,
    SloPolicy slo,
    Impact impact) {

  public Target {
    labels = Map.copyOf(labels);
  }

  /** A target that does not say its impact. */
  public Target(
      String name,
      CheckSpec check,
      Duration interval,
      Duration timeout,
      Duration window,
      AlertPolicy alert,
      Map<String, String> labels,
      SloPolicy slo) {
    this(name, check, interval, timeout, window, alert, labels, slo, null);
  }

  /** A target without service level objectives ({@code slo} null). */
  public Target(
      String name,
      CheckSpec check,
      Duration interval,
      Duration timeout,
      Duration window,
      AlertPolicy alert,
      Map<String, String> labels) {
    this(name, check, interval, timeout, window, alert, labels, null, null);
  }

  public String type() {
    return check.type();
  }
}
