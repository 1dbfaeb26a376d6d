package dev.lookout.schedule;

import dev.lookout.config.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the agent keeps up with its schedule, over the last minute and across all lanes.
 *
 * <p>The agent is <em>overloaded</em> while, within the last minute, some probe started more than
 * its target's interval late: it waited for a free slot ({@code max_in_flight}) or a busy event
 * loop so long that a whole planned run was lost. Lag comes only from waiting (a target's own slow
 * probe skips starts but starts on time), so this does not fire for one slow target; it does for an
 * agent that has more work than slots.
 *
 * <p>While overloaded, a WARN at most once a minute says how far behind the agent is and what to
 * do; the end of it is logged once at INFO. Thread-safe (every lane reports here); time comes from
 * the injected {@link Clock}, so tests can move it.
 */
public final class Overload {
  private static final Logger LOG = LoggerFactory.getLogger(Overload.class);

  /** The name of the readiness reason and the word the status page shows. */
  public static final String NAME = "overloaded";

  /** How far back "the last minute" looks, in slices that expire one at a time. */
  static final Duration WINDOW = Duration.ofMinutes(1);

  private static final int SLICES = 6;
  private static final long SLICE_MILLIS = WINDOW.toMillis() / SLICES;

  /** Starts and skips within one slice of the window. */
  private static final class Slice {
    long number = Long.MIN_VALUE;
    long starts;
    long lagSumNanos;
    long lagMaxNanos;
    long late;
    long skipped;

    void reset(long n) {
      number = n;
      starts = 0;
      lagSumNanos = 0;
      lagMaxNanos = 0;
      late = 0;
      skipped = 0;
    }
  }

  private final Clock clock;
  private final Slice[] slices = new Slice[SLICES];
  private long lastWarningMillis;
  private boolean warned;

  public Overload(Clock clock) {
    this.clock = clock;
    for (int i = 0; i < SLICES; i++) {
      slices[i] = new Slice();
    }
  }

  /**
   * A probe started {@code lag} after its planned start; its target runs every {@code interval}.
   */
  public synchronized void started(Duration lag, Duration interval) {
    long now = clock.millis();
    Slice s = slice(now);
    long nanos = lag.toNanos();
    s.starts++;
    s.lagSumNanos += nanos;
    s.lagMaxNanos = Math.max(s.lagMaxNanos, nanos);
    if (lag.compareTo(interval) > 0) {
      s.late++;
    }
    report(now);
  }

  /** Planned starts that were skipped (for whatever reason), counted when they are noticed. */
  public synchronized void skipped(long count) {
    slice(clock.millis()).skipped += count;
  }

  public synchronized boolean overloaded() {
    return window(clock.millis()).late > 0;
  }

  /**
   * Why the agent is overloaded, in words for {@code /readyz}, the status page and the log; empty
   * while it keeps up.
   */
  public synchronized Optional<String> reason() {
    Slice w = window(clock.millis());
    if (w.late == 0) {
      return Optional.empty();
    }
    return Optional.of(
        "in the last minute probes started up to "
            + Durations.human(Duration.ofNanos(w.lagMaxNanos))
            + " late ("
            + Durations.human(Duration.ofNanos(w.lagSumNanos / Math.max(1, w.starts)))
            + " on average), "
            + w.late
            + (w.late == 1 ? " start was" : " starts were")
            + " more than an interval late and "
            + w.skipped
            + " planned "
            + (w.skipped == 1 ? "start was" : "starts were")
            + " skipped; raise agent.max_in_flight, shorten the targets' timeouts, or split the"
            + " targets over more agents with agent.shard");
  }

  private void report(long now) {
    boolean over = window(now).late > 0;
    if (over && (!warned || now - lastWarningMillis >= WINDOW.toMillis())) {
      warned = true;
      lastWarningMillis = now;
      LOG.warn("the agent is overloaded: {}", reason().orElseThrow());
    } else if (!over && warned) {
      warned = false;
      LOG.info(
          "the agent keeps up with its schedule again (no probe more than an interval late"
              + " in the last minute)");
    }
  }

  /** The slice for {@code now}, emptied first if it last held an older slice's numbers. */
  private Slice slice(long now) {
    long n = Math.floorDiv(now, SLICE_MILLIS);
    Slice s = slices[Math.floorMod(n, SLICES)];
    if (s.number != n) {
      s.reset(n);
    }
    return s;
  }

  /** The sums over the slices of the last minute. */
  private Slice window(long now) {
    long n = Math.floorDiv(now, SLICE_MILLIS);
    Slice sum = new Slice();
    for (Slice s : slices) {
      if (s.number > n - SLICES && s.number <= n) {
        sum.starts += s.starts;
        sum.lagSumNanos += s.lagSumNanos;
        sum.lagMaxNanos = Math.max(sum.lagMaxNanos, s.lagMaxNanos);
        sum.late += s.late;
        sum.skipped += s.skipped;
      }
    }
    return sum;
  }
}
