package dev.lookout.incident;

import dev.lookout.alert.AlertEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * News for notifiers whose route is outside its hours, held per notifier until the earliest start
 * of hours it waits for and then delivered together. Later news of a held incident joins it, an
 * update or reminder folding older ones of that incident out.
 */
final class HeldNews {
  /** News for one notifier waiting for its route's hours. */
  private static final class Held {
    Instant until;
    final List<AlertEvent> events = new ArrayList<>();
  }

  private final Map<String, Held> held = new HashMap<>();

  /**
   * Holds an event for a notifier until {@code until} (or an earlier time it already waits for).
   */
  void hold(String notifier, AlertEvent e, Instant until) {
    Held h = held.computeIfAbsent(notifier, k -> new Held());
    h.until = h.until == null || until.isBefore(h.until) ? until : h.until;
    h.events.add(e);
  }

  /** Later news of an incident joins what is held for each of {@code notifiers}. */
  void join(List<String> notifiers, AlertEvent e) {
    for (String n : notifiers) {
      Held h = held.get(n);
      if (h != null) {
        h.events.removeIf(old -> overtakes(e, old));
        h.events.add(e);
      }
    }
  }

  private static boolean overtakes(AlertEvent newer, AlertEvent older) {
    return (older.kind() == AlertEvent.Kind.UPDATED || older.kind() == AlertEvent.Kind.REMINDER)
        && older.incident().equals(newer.incident());
  }

  /** Takes out the news whose hours have begun by {@code now}: per notifier, in order. */
  Map<String, List<AlertEvent>> due(Instant now) {
    Map<String, List<AlertEvent>> due = new LinkedHashMap<>();
    for (Map.Entry<String, Held> entry : new ArrayList<>(held.entrySet())) {
      Held h = entry.getValue();
      if (now.isBefore(h.until)) {
        continue;
      }
      held.remove(entry.getKey());
      due.put(entry.getKey(), h.events);
    }
    return due;
  }
}
