package dev.lookout.alert;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** Counts what the dispatcher reports, keyed {@code notifier/result}. */
final class RecordingMeters implements NotificationMeters {
  final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  final List<Duration> firingDelays = new CopyOnWriteArrayList<>();
  volatile IntSupplier pending = () -> -1;

  @Override
  public void notification(String notifier, String result) {
    counts.computeIfAbsent(notifier + "/" + result, k -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public void firingDelivered(Duration sinceFirstFailure) {
    firingDelays.add(sinceFirstFailure);
  }

  @Override
  public void outboxPending(IntSupplier pending) {
    this.pending = pending;
  }

  int count(String key) {
    AtomicInteger v = counts.get(key);
    return v == null ? 0 : v.get();
  }
}
