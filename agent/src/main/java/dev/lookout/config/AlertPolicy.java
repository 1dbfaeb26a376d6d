package dev.lookout.config;

import java.time.Duration;
import java.util.List;

/**
 * When a target's failures become an alert: {@code after} consecutive failures fire, {@code
 * resolve_after} consecutive passes resolve, {@code repeat} reminds while firing (null: never),
 * {@code group_wait} batches notifications per notifier, and {@code silences} hold notifications in
 * maintenance windows. {@code ownNotify}: the target's own {@code alert} block names {@code
 * notify}, which then applies at any hour beside {@code alert.routes}; an inherited list applies
 * only when no route matches.
 */
public record AlertPolicy(
    int after,
    int resolveAfter,
    Duration repeat,
    Duration groupWait,
    List<String> notifierNames,
    String severity,
    List<Silence> silences,
    boolean ownNotify) {

  public AlertPolicy {
    notifierNames = List.copyOf(notifierNames);
    silences = List.copyOf(silences);
    if (after < 1 || resolveAfter < 1) {
      throw new IllegalArgumentException("after and resolve_after must be at least 1");
    }
  }

  public AlertPolicy(
      int after,
      int resolveAfter,
      Duration repeat,
      Duration groupWait,
      List<String> notifierNames,
      String severity,
      List<Silence> silences) {
    this(after, resolveAfter, repeat, groupWait, notifierNames, severity, silences, false);
  }

  public AlertPolicy(
      int after,
      int resolveAfter,
      Duration repeat,
      Duration groupWait,
      List<String> notifierNames,
      String severity) {
    this(after, resolveAfter, repeat, groupWait, notifierNames, severity, List.of());
  }

  public static AlertPolicy defaults() {
    return new AlertPolicy(
        3, 2, null, Duration.ofSeconds(10), List.of(), "critical", List.of(), false);
  }
}
