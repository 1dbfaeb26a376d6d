package dev.lookout.runtime;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * Why the agent is not ready, as named reasons: {@code /readyz} answers 503 listing them, the
 * status page and {@code /api/status} show them. Any part of the agent adds its own, either set and
 * cleared as things change ({@code set("state_dir", "state directory /var/lib/lookout is not
 * writable")}, then {@code clear("state_dir")}) or as a live check asked at every read ({@code
 * check("overloaded", …)}), for conditions that end by themselves with time. Thread-safe.
 */
public final class Readiness {
  private final Map<String, String> reasons = new ConcurrentSkipListMap<>();
  private final Map<String, Supplier<String>> checks = new ConcurrentSkipListMap<>();

  /** Marks the agent not ready for {@code reason}, a sentence a person can act on. */
  public void set(String name, String reason) {
    reasons.put(name, reason);
  }

  public void clear(String name) {
    reasons.remove(name);
  }

  /** A reason asked for at every read: {@code reason} returns the sentence, or null while fine. */
  public void check(String name, Supplier<String> reason) {
    checks.put(name, reason);
  }

  /** Every reason that holds now, by name (empty: ready). */
  public SortedMap<String, String> reasons() {
    SortedMap<String, String> now = new TreeMap<>(reasons);
    checks.forEach(
        (name, check) -> {
          String reason = check.get();
          if (reason != null) {
            now.put(name, reason);
          }
        });
    return Collections.unmodifiableSortedMap(now);
  }
}
