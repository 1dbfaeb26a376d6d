package dev.lookout.probe;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * One bounded run of a probe step under one deadline: the timer on the caller's event loop, the
 * time left for the next step, and a result settled exactly once (the first of the answer, a
 * failure and the timer wins; the timer is cancelled then). A base class rather than a helper
 * object, so an attempt costs no extra allocation on the hot path. Not thread-safe: every callback
 * of an attempt runs on the loop that {@link #arm armed} it.
 *
 * @param <T> what the attempt settles with
 */
public abstract class Attempt<T> {
  protected final Vertx vertx;
  private final Promise<T> result = Promise.promise();
  private final Duration timeout;
  private final long startNanos;
  private long timer = -1;

  /**
   * @param startNanos a {@link System#nanoTime()} reading the deadline counts from
   */
  protected Attempt(Vertx vertx, Duration timeout, long startNanos) {
    this.vertx = vertx;
    this.timeout = timeout;
    this.startNanos = startNanos;
  }

  /** Starts the timer for the time left; returns the future the attempt settles. */
  protected final Future<T> arm() {
    timer =
        vertx.setTimer(
            remainingMillis(),
            id -> {
              timer = -1;
              if (!isSettled()) {
                onTimeout();
              }
            });
    return result.future();
  }

  /** The deadline passed before the attempt settled: settle it with a reason naming the phase. */
  protected abstract void onTimeout();

  /** Milliseconds left before the deadline, at least 1 (a timer or timeout of 0 means "none"). */
  protected final long remainingMillis() {
    return Math.max(1, timeout.toMillis() - (System.nanoTime() - startNanos) / 1_000_000);
  }

  /** The time since the deadline started counting. */
  protected final Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  protected final Duration timeout() {
    return timeout;
  }

  protected final long startNanos() {
    return startNanos;
  }

  /** Whether the result is settled (a late callback then only cleans up). */
  protected final boolean isSettled() {
    return result.future().isComplete();
  }

  /**
   * Settles the result with {@code value} unless it already is, and cancels the timer.
   *
   * @return whether this call settled it
   */
  protected final boolean settle(T value) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return result.tryComplete(value);
  }
}
