package dev.lookout.config;

import java.time.Duration;
import java.util.Map;

/** One thing to watch: a name, exactly one check (with its expectations), and its schedule. */
public record Target(
    String name,
    CheckSpec check,
    Duration interval,
    Duration timeout,
    Duration window,
    AlertPolicy alert,
    Map<String, String> labels) {

  public Target {
    labels = Map.copyOf(labels);
  }

  public String type() {
    return check.type();
  }
}
