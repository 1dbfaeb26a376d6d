package dev.lookout.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * Exponential backoff with jitter between delivery attempts: 1 s, 2 s, 4 s … up to 5 min, each
 * drawn from the upper half of its step so that many agents retrying one receiver spread out. Tests
 * use a small base to keep wall time short.
 */
public record Backoff(Duration base, Duration max) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

  /** The longest {@code Retry-After} we honour; beyond it the receiver is effectively down. */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  public Backoff {
    if (base.isZero() || base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= max");
    }
  }

  /** The wait after {@code failures} failed attempts (1 = after the first). */
  public Duration delay(int failures, Random random) {
    long ceiling = max.toMillis();
    long step = base.toMillis();
    for (int i = 1; i < failures && step < ceiling; i++) {
      step *= 2;
    }
    step = Math.min(step, ceiling);
    long half = step / 2;
    return Duration.ofMillis(half + (half == 0 ? 0 : (long) (random.nextDouble() * (step - half))));
  }

  /** Honours a receiver's {@code Retry-After} (never sooner than asked), within reason. */
  public Duration delay(int failures, Duration retryAfter, Random random) {
    if (retryAfter != null && !retryAfter.isNegative()) {
      return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    }
    return delay(failures, random);
  }

  /**
   * The wait before the next attempt at something given up at {@code deadline}: never past it, so
   * the last attempt comes at the deadline and the caller then gives up.
   */
  Duration delayUntil(
      Instant deadline, Clock clock, int failures, Duration retryAfter, Random random) {
    Duration wait = delay(failures, retryAfter, random);
    Instant next = clock.instant().plus(wait);
    if (next.isAfter(deadline)) {
      // Try once more at the deadline rather than waiting past it, then give up.
      wait = Duration.between(clock.instant(), deadline).plusMillis(1);
      if (wait.isNegative()) {
        wait = Duration.ofMillis(1);
      }
    }
    return wait;
  }
}
