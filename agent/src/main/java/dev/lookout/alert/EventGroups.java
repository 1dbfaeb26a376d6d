package dev.lookout.alert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events for each notifier that wait out its {@code group_wait} to go as one notification.
 * While they wait, a newer event of an incident folds older news of it out of the group ({@link
 * #overtakes}), as it does from notifications already queued.
 */
final class EventGroups {
  /** One notifier's events, and the timer that ends their wait ({@code -1}: not set yet). */
  static final class Group {
    final List<AlertEvent> events = new ArrayList<>();
    long timer = -1;
  }

  private final Map<String, Group> groups = new HashMap<>();

  /** Events waiting out their group wait (read by tests from any thread). */
  private volatile int size;

  /**
   * Whether {@code newer} makes {@code older} stale news: an update or reminder of the same
   * incident that a later event of it overtook. Firing and resolved are never stale.
   */
  static boolean overtakes(AlertEvent newer, AlertEvent older) {
    return (older.kind() == AlertEvent.Kind.UPDATED || older.kind() == AlertEvent.Kind.REMINDER)
        && older.target().equals(newer.target())
        && older.incident().equals(newer.incident())
        && !newer.at().isBefore(older.at());
  }

  /** Adds an event to its notifier's group; a group with no timer yet has just begun. */
  Group add(String notifier, AlertEvent event) {
    Group g = groups.computeIfAbsent(notifier, k -> new Group());
    g.events.removeIf(older -> overtakes(event, older));
    g.events.add(event);
    size = groups.values().stream().mapToInt(x -> x.events.size()).sum();
    return g;
  }

  /** Takes a notifier's group out to be sent; null when it holds nothing. */
  Group take(String notifier) {
    Group g = groups.remove(notifier);
    if (g == null || g.events.isEmpty()) {
      return null;
    }
    size -= g.events.size();
    return g;
  }

  /** The notifiers with a group waiting. */
  List<String> notifiers() {
    return new ArrayList<>(groups.keySet());
  }

  int size() {
    return size;
  }
}
