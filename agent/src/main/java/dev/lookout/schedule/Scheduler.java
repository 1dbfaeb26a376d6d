package dev.lookout.schedule;

import dev.lookout.config.Target;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Runs each target's probe on its own interval, on one event loop (a "lane"). The first run falls
 * at a random offset inside the interval, so a thousand targets don't start in the same
 * millisecond. A target never overlaps itself: when its previous probe is still running (or still
 * waiting for a slot) at the next planned start, that start is skipped and counted. A target's next
 * start is planned when its probe finishes, so a running or waiting target holds no timer, and the
 * planned starts it missed meanwhile are counted then. At most {@code maxInFlight} probes run at
 * once; the rest wait in arrival order, and their wait shows up as lag.
 *
 * <p>Starts fall on a grid ({@code agent.start_grid}, 100 ms by default): each planned start is
 * moved to the nearest grid line, so the probes due within the same tenth of a second start in the
 * same turn of the event loop and share its wake-ups; at a thousand targets every 10 s that cuts
 * the CPU a probe costs by a third (README, "Scheduling"). The plan itself stays exact: a start is
 * never more than half a grid step from it, and the interval holds on average whatever its length.
 * Only targets whose interval is at least {@value #GRID_STEPS_PER_INTERVAL} grid steps are moved,
 * so a start moves by at most a twentieth of the interval; faster ones start at their exact time.
 * Lag counts from the grid line a start was armed for.
 *
 * <p>The probe function must always complete its future, with a result, and never throw: {@code
 * dev.lookout.runtime.Probes} guarantees that for every check type (cutting off a probe that forgot
 * its timeout), so the scheduler does not guard it a second time.
 *
 * <p>Not thread-safe: every method must be called on the lane's context.
 */
public final class Scheduler {
  private final Vertx vertx;
  private final int maxInFlight;
  private final Random random;
  private final Function<Target, Future<ProbeResult>> probe;
  private final BiConsumer<Target, ProbeResult> results;
  private final SchedulerMetrics metrics;
  private final long gridNanos;
  private final Map<String, Slot> slots = new HashMap<>();
  private final ArrayDeque<Slot> waiting = new ArrayDeque<>();
  private int inFlight;
  private boolean stopped;

  /**
   * @param grid the grid starts fall on (see the class comment); zero starts every probe at its
   *     exact time
   */
  public Scheduler(
      Vertx vertx,
      int maxInFlight,
      Duration grid,
      Random random,
      Function<Target, Future<ProbeResult>> probe,
      BiConsumer<Target, ProbeResult> results,
      SchedulerMetrics metrics) {
    this.vertx = vertx;
    this.gridNanos = grid.toNanos();
    this.maxInFlight = maxInFlight;
    this.random = random;
    this.probe = probe;
    this.results = results;
    this.metrics = metrics;
  }

  /** Hooks for the lag histogram, the in-flight gauge and the skip counter. */
  public interface SchedulerMetrics {
    void lag(Target target, Duration lag);

    void inFlight(int delta);

    void skipped(Target target, long count);

    SchedulerMetrics NONE =
        new SchedulerMetrics() {
          @Override
          public void lag(Target target, Duration lag) {}

          @Override
          public void inFlight(int delta) {}

          @Override
          public void skipped(Target target, long count) {}
        };
  }

  private static final class Slot {
    Target target;

    /** The exact plan: the first start's random offset, then one interval after another. */
    long plannedNanos;

    /** When the timer was armed for: the plan moved to the grid, the origin of its lag. */
    long startNanos;

    long timer = -1;
    boolean removed;
    boolean once;

    Slot(Target target) {
      this.target = target;
    }
  }

  /** Schedules a target; its first run falls at a random point within one interval from now. */
  public void add(Target target) {
    remove(target.name());
    Slot slot = new Slot(target);
    slots.put(target.name(), slot);
    long interval = target.interval().toNanos();
    slot.plannedNanos = System.nanoTime() + (long) (random.nextDouble() * interval);
    arm(slot);
  }

  /**
   * Runs a target once, as soon as a slot is free, and forgets it when it has reported ({@code
   * lookout once}): the same queue, limit and probe path as a scheduled run.
   */
  public void once(Target target) {
    remove(target.name());
    Slot slot = new Slot(target);
    slot.once = true;
    slots.put(target.name(), slot);
    slot.plannedNanos = System.nanoTime();
    slot.startNanos = slot.plannedNanos;
    fire(slot);
  }

  /**
   * Replaces a target's definition in place: its schedule continues, the next run uses the new one.
   */
  public void update(Target target) {
    Slot slot = slots.get(target.name());
    if (slot == null) {
      add(target);
    } else {
      slot.target = target;
    }
  }

  public void remove(String name) {
    Slot slot = slots.remove(name);
    if (slot != null) {
      slot.removed = true;
      if (slot.timer >= 0) {
        vertx.cancelTimer(slot.timer);
      }
      waiting.remove(slot);
    }
  }

  public int size() {
    return slots.size();
  }

  public int inFlight() {
    return inFlight;
  }

  /**
   * Completes when no probe is running any more, or after {@code limit}: a stopping agent lets
   * running probes finish (and report) before it goes. Call after {@link #stop()}.
   */
  public Future<Void> idle(Duration limit) {
    Promise<Void> idle = Promise.promise();
    long deadline = System.nanoTime() + limit.toNanos();
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    vertx.setPeriodic(
        1,
        20,
        id -> {
          if (inFlight == 0 || System.nanoTime() > deadline) {
            vertx.cancelTimer(id);
            idle.tryComplete();
          }
        });
    return idle.future();
  }

  /** Stops scheduling; probes already running finish and still report. */
  public void stop() {
    stopped = true;
    for (Slot slot : slots.values()) {
      if (slot.timer >= 0) {
        vertx.cancelTimer(slot.timer);
      }
    }
    waiting.clear();
  }

  /** A target's interval must span this many grid steps for its starts to be moved to the grid. */
  static final int GRID_STEPS_PER_INTERVAL = 10;

  /**
   * When a start planned at {@code plannedNanos} (a {@link System#nanoTime()} reading) runs: the
   * nearest line of a grid of {@code gridNanos} steps, or the plan itself when there is no grid or
   * the interval is shorter than {@link #GRID_STEPS_PER_INTERVAL} steps. Grid lines are multiples
   * of the step on the nanosecond clock, so every lane's grid is the same.
   */
  static long onGrid(long plannedNanos, long intervalNanos, long gridNanos) {
    if (gridNanos <= 0 || intervalNanos < GRID_STEPS_PER_INTERVAL * gridNanos) {
      return plannedNanos;
    }
    return Math.floorDiv(plannedNanos + gridNanos / 2, gridNanos) * gridNanos;
  }

  private void arm(Slot slot) {
    long now = System.nanoTime();
    // A grid line already passed (at most half a step) means now: lag counts from then.
    slot.startNanos =
        Math.max(now, onGrid(slot.plannedNanos, slot.target.interval().toNanos(), gridNanos));
    long delayMillis = TimeUnit.NANOSECONDS.toMillis(slot.startNanos - now);
    slot.timer = vertx.setTimer(Math.max(1, delayMillis), id -> fire(slot));
  }

  private void fire(Slot slot) {
    slot.timer = -1;
    if (stopped || slot.removed) {
      return;
    }
    if (inFlight >= maxInFlight) {
      waiting.add(slot);
    } else {
      start(slot);
    }
  }

  /**
   * Fixed-rate planning, once a run has finished: planned starts that passed meanwhile (the run was
   * slow, waited for a slot, or the process paused) are skipped and counted.
   */
  private void planNext(Slot slot) {
    long interval = slot.target.interval().toNanos();
    long next = slot.plannedNanos + interval;
    long now = System.nanoTime();
    if (next < now) {
      long missed = (now - next) / interval + 1;
      metrics.skipped(slot.target, missed);
      next += missed * interval;
    }
    slot.plannedNanos = next;
    arm(slot);
  }

  private void start(Slot slot) {
    inFlight++;
    metrics.inFlight(1);
    // Lag counts from the start that was armed, not from when a slot freed up.
    metrics.lag(slot.target, Duration.ofNanos(Math.max(0, System.nanoTime() - slot.startNanos)));
    Target target = slot.target;
    probe.apply(target).onComplete(ar -> finish(slot, target, ar.result()));
  }

  private void finish(Slot slot, Target target, ProbeResult result) {
    inFlight--;
    metrics.inFlight(-1);
    if (slot.once) {
      slots.remove(target.name(), slot);
    }
    if (!slot.removed && result != null) {
      results.accept(target, result);
    }
    if (!slot.removed && !stopped && !slot.once) {
      planNext(slot);
    }
    drain();
  }

  private void drain() {
    while (inFlight < maxInFlight && !waiting.isEmpty() && !stopped) {
      Slot next = waiting.poll();
      if (!next.removed) {
        start(next);
      }
    }
  }
}
