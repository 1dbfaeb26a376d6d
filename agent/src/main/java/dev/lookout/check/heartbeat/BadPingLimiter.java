package dev.lookout.check.heartbeat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts bad pings (a wrong token, an unknown target) per source address in fixed windows; an
 * address over the limit is turned away until its window ends, before its token is even looked at,
 * so guessing tokens is slow. Good pings are never limited. At most {@link #MAX_ADDRESSES}
 * addresses are tracked: past that, expired windows are dropped, and then the oldest.
 */
final class BadPingLimiter {
  static final int MAX_ADDRESSES = 10_000;

  private final Clock clock;
  private final int limit;
  private final Duration window;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  BadPingLimiter(Clock clock, int limit, Duration window) {
    this.clock = clock;
    this.limit = limit;
    this.window = window;
  }

  private record Window(Instant start, int bad) {}

  /** How long the address must wait, or {@link Duration#ZERO} when it may ping. */
  Duration waitFor(String address) {
    Window w = windows.get(address);
    Instant now = clock.instant();
    if (w == null || w.bad() < limit) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(now, w.start().plus(window));
    return left.isNegative() || left.isZero() ? Duration.ZERO : left;
  }

  /** Counts one bad ping from the address. */
  void bad(String address) {
    Instant now = clock.instant();
    if (windows.size() >= MAX_ADDRESSES && !windows.containsKey(address)) {
      prune(now);
    }
    windows.compute(
        address,
        (a, w) ->
            w == null || !now.isBefore(w.start().plus(window))
                ? new Window(now, 1)
                : new Window(w.start(), w.bad() + 1));
  }

  private void prune(Instant now) {
    windows.values().removeIf(w -> !now.isBefore(w.start().plus(window)));
    Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator();
    while (windows.size() >= MAX_ADDRESSES && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
