package dev.lookout.alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notifications not yet confirmed: each notifier's in one queue, delivered one at a time and
 * oldest first, and beside them the test notifications, which wait in no queue. Touched only on the
 * dispatcher's context but for {@link #size}.
 */
final class PendingQueues {
  private final Map<String, Deque<PendingNotification>> queues = new HashMap<>();
  private final List<PendingNotification> tests = new ArrayList<>();

  /** Notifications not yet confirmed: stored ones and, while the disk refuses, held ones. */
  private volatile int size;

  /** A notifier's queue, begun if it has none. */
  Deque<PendingNotification> queue(String notifier) {
    return queues.computeIfAbsent(notifier, k -> new ArrayDeque<>());
  }

  /** A notifier's queue, or null when it never had one. */
  Deque<PendingNotification> existing(String notifier) {
    return queues.get(notifier);
  }

  /** The notifiers with a queue. */
  Set<String> notifiers() {
    return queues.keySet();
  }

  List<PendingNotification> tests() {
    return tests;
  }

  /** Every notification not yet confirmed, queued ones first. */
  List<PendingNotification> all() {
    List<PendingNotification> all = new ArrayList<>();
    queues.values().forEach(all::addAll);
    all.addAll(tests);
    return all;
  }

  /** Counts again after notifications came or went. */
  void count() {
    int n = tests.size();
    for (Deque<PendingNotification> q : queues.values()) {
      n += q.size();
    }
    size = n;
  }

  /** The count as of the last {@link #count} (read by the outbox gauge from any thread). */
  int size() {
    return size;
  }
}
