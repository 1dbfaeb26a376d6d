package dev.lookout.config;

import java.time.Duration;
import java.util.List;

/**
 * When a target's failures become an alert: {@code after} consecutive failures fire, {@code
 * resolve_after} consecutive passes resolve, {@code repeat} reminds while firing (null: never).
 */
public record AlertPolicy(
    int after,
    int resolveAfter,
    Duration repeat,
    Duration groupWait,
    List<String> notifierNames,
    String severity) {

  public AlertPolicy {
    notifierNames = List.copyOf(notifierNames);
  }

  public static AlertPolicy defaults() {
    return new AlertPolicy(3, 2, null, Duration.ofSeconds(10), List.of(), "critical");
  }
}
