package dev.lookout.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Target;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchedulerTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  /** A probe that takes {@code millis} on a Vert.x timer, recording how many run at once. */
  final class TimedProbe implements Function<Target, Future<ProbeResult>> {
    final long millis;
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final Map<String, AtomicInteger> perTarget = new ConcurrentHashMap<>();
    final AtomicInteger maxPerTarget = new AtomicInteger();
    final Map<String, Long> firstStart = new ConcurrentHashMap<>();
    final AtomicInteger started = new AtomicInteger();

    TimedProbe(long millis) {
      this.millis = millis;
    }

    @Override
    public Future<ProbeResult> apply(Target t) {
      started.incrementAndGet();
      firstStart.putIfAbsent(t.name(), System.nanoTime());
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      AtomicInteger mine = perTarget.computeIfAbsent(t.name(), n -> new AtomicInteger());
      maxPerTarget.accumulateAndGet(mine.incrementAndGet(), Math::max);
      Promise<ProbeResult> p = Promise.promise();
      Instant at = Instant.now();
      loop.vertx()
          .setTimer(
              millis,
              id -> {
                running.decrementAndGet();
                mine.decrementAndGet();
                p.complete(ProbeResult.failed(at, Duration.ofMillis(millis), "test"));
              });
      return p.future();
    }
  }

  static final class RecordingMetrics implements Scheduler.SchedulerMetrics {
    final List<Duration> lags = new CopyOnWriteArrayList<>();
    final AtomicLong skipped = new AtomicLong();

    @Override
    public void lag(Target target, Duration lag) {
      lags.add(lag);
    }

    @Override
    public void inFlight(int delta) {}

    @Override
    public void skipped(Target target, long count) {
      skipped.addAndGet(count);
    }
  }

  private static List<Target> targets(int n, String interval, String timeout) {
    StringBuilder yaml = new StringBuilder("targets:\n");
    for (int i = 0; i < n; i++) {
      yaml.append("  - {name: t")
          .append(i)
          .append(", interval: ")
          .append(interval)
          .append(", timeout: ")
          .append(timeout)
          .append(", http: {url: \"http://127.0.0.1:1/\"}}\n");
    }
    return TestTargets.targets(yaml.toString());
  }

  private Scheduler start(
      List<Target> targets,
      int maxInFlight,
      Function<Target, Future<ProbeResult>> probe,
      BiConsumer<Target, ProbeResult> results,
      RecordingMetrics metrics) {
    return start(targets, maxInFlight, Duration.ZERO, probe, results, metrics);
  }

  private Scheduler start(
      List<Target> targets,
      int maxInFlight,
      Duration grid,
      Function<Target, Future<ProbeResult>> probe,
      BiConsumer<Target, ProbeResult> results,
      RecordingMetrics metrics) {
    Context context = loop.vertx().getOrCreateContext();
    Promise<Scheduler> p = Promise.promise();
    context.runOnContext(
        v -> {
          Scheduler s =
              new Scheduler(
                  loop.vertx(), maxInFlight, grid, new Random(7), probe, results, metrics);
          targets.forEach(s::add);
          p.complete(s);
        });
    Scheduler s = TestVertx.await(p.future());
    contexts.put(s, context);
    stopLater.add(() -> context.runOnContext(v -> s.stop()));
    return s;
  }

  private final List<Runnable> stopLater = new ArrayList<>();
  private final Map<Scheduler, Context> contexts = new ConcurrentHashMap<>();

  private Context contextOf(Scheduler s) {
    return contexts.get(s);
  }

  @org.junit.jupiter.api.AfterEach
  void stopSchedulers() {
    stopLater.forEach(Runnable::run);
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + limit);
      }
      Thread.onSpinWait();
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    }
  }

  @Test
  void aSlowTargetIsSkippedNotStacked() {
    TimedProbe probe = new TimedProbe(350);
    RecordingMetrics metrics = new RecordingMetrics();
    start(targets(1, "100ms", "2s"), 10, probe, (t, r) -> {}, metrics);
    waitUntil(() -> probe.started.get() >= 3, Duration.ofSeconds(5));
    assertThat(probe.maxPerTarget.get()).isEqualTo(1);
    assertThat(metrics.skipped.get()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void maxInFlightIsNeverExceeded() {
    TimedProbe probe = new TimedProbe(150);
    RecordingMetrics metrics = new RecordingMetrics();
    start(targets(20, "200ms", "2s"), 3, probe, (t, r) -> {}, metrics);
    waitUntil(() -> probe.started.get() >= 40, Duration.ofSeconds(10));
    assertThat(probe.maxRunning.get()).isEqualTo(3);
    // Waiting for a slot is lag: some starts were late by about a probe's duration.
    assertThat(metrics.lags.stream().mapToLong(Duration::toMillis).max().orElse(0))
        .isGreaterThanOrEqualTo(100);
  }

  @Test
  void firstRunsAreSpreadAcrossTheInterval() {
    TimedProbe probe = new TimedProbe(1);
    RecordingMetrics metrics = new RecordingMetrics();
    long t0 = System.nanoTime();
    start(targets(50, "1s", "500ms"), 100, probe, (t, r) -> {}, metrics);
    waitUntil(() -> probe.firstStart.size() == 50, Duration.ofSeconds(5));
    List<Long> offsets =
        probe.firstStart.values().stream().map(s -> (s - t0) / 1_000_000).sorted().toList();
    assertThat(offsets.get(0)).isLessThan(300);
    assertThat(offsets.get(49)).isBetween(700L, 1300L);
    assertThat(offsets.stream().distinct().count()).isGreaterThan(30);
  }

  /**
   * Start times (ms after the first) in groups of starts less than 5 ms after the group's first.
   */
  private static List<List<Long>> groups(java.util.Collection<Long> startNanos) {
    List<Long> sorted = startNanos.stream().sorted().toList();
    List<List<Long>> groups = new ArrayList<>();
    long groupStart = Long.MIN_VALUE;
    for (long at : sorted) {
      long ms = (at - sorted.get(0)) / 1_000_000;
      if (groups.isEmpty() || ms - groupStart >= 5) {
        groups.add(new ArrayList<>());
        groupStart = ms;
      }
      groups.get(groups.size() - 1).add(ms);
    }
    return groups;
  }

  /** The first start of each of forty targets at {@code interval} on a grid of {@code grid}. */
  private List<List<Long>> firstStartGroups(String interval, Duration grid) {
    TimedProbe probe = new TimedProbe(1);
    start(targets(40, interval, "500ms"), 100, grid, probe, (t, r) -> {}, new RecordingMetrics());
    waitUntil(() -> probe.firstStart.size() == 40, Duration.ofSeconds(5));
    return groups(probe.firstStart.values());
  }

  @Test
  void startsDueCloseTogetherStartTogetherOnTheGrid() {
    // Forty random offsets in one second land on at most the eleven grid lines 0, 100 … 1000 ms:
    // starts share a turn of the loop instead of each waking it.
    List<List<Long>> groups = firstStartGroups("1s", Duration.ofMillis(100));
    assertThat(groups).hasSizeLessThanOrEqualTo(11);
    assertThat(groups.stream().filter(g -> g.size() > 1).count()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void withoutAGridOrForAShortIntervalStartsKeepTheirOwnTimes() {
    assertThat(firstStartGroups("1s", Duration.ZERO)).hasSizeGreaterThan(20);
    // An interval of 900 ms spans fewer than ten steps of 100 ms: its starts are not moved.
    assertThat(firstStartGroups("900ms", Duration.ofMillis(100))).hasSizeGreaterThan(20);
  }

  @Test
  void aStartMovesToTheNearestGridLineAndThePlanKeepsItsInterval() {
    long ms = 1_000_000L;
    long grid = 250 * ms;
    long interval = 10_000 * ms;
    assertThat(Scheduler.onGrid(1_100 * ms, interval, grid)).isEqualTo(1_000 * ms);
    assertThat(Scheduler.onGrid(1_125 * ms, interval, grid)).isEqualTo(1_250 * ms);
    assertThat(Scheduler.onGrid(1_240 * ms, interval, grid)).isEqualTo(1_250 * ms);
    // The nanosecond clock may be negative: still the nearest line, never more than half a step.
    assertThat(Scheduler.onGrid(-1_100 * ms, interval, grid)).isEqualTo(-1_000 * ms);
    Random random = new Random(3);
    for (int i = 0; i < 1_000; i++) {
      long planned = random.nextLong() / 4;
      long at = Scheduler.onGrid(planned, interval, grid);
      assertThat(Math.abs(at - planned)).isLessThanOrEqualTo(grid / 2);
      assertThat(Math.floorMod(at, grid)).isZero();
    }
    // Off the grid: none, or an interval under ten steps (a start may move a twentieth of it).
    assertThat(Scheduler.onGrid(1_100 * ms, interval, 0)).isEqualTo(1_100 * ms);
    assertThat(Scheduler.onGrid(1_100 * ms, 2_499 * ms, grid)).isEqualTo(1_100 * ms);
    assertThat(Scheduler.onGrid(1_100 * ms, 2_500 * ms, grid)).isEqualTo(1_000 * ms);
  }

  @Test
  void aStartOnTheGridKeepsTheIntervalOnAverage() {
    // 105 ms is not a multiple of the 10 ms grid: each start moves to the nearest line, the plan
    // behind it keeps the exact interval, so twenty runs take 19 intervals, not 19 rounded ones.
    TimedProbe probe = new TimedProbe(1);
    List<Long> starts = new CopyOnWriteArrayList<>();
    start(
        targets(1, "105ms", "50ms"),
        10,
        Duration.ofMillis(10),
        t -> {
          starts.add(System.nanoTime());
          return probe.apply(t);
        },
        (t, r) -> {},
        new RecordingMetrics());
    waitUntil(() -> starts.size() >= 20, Duration.ofSeconds(10));
    long span = (starts.get(19) - starts.get(0)) / 1_000_000;
    assertThat(span).isBetween(19 * 105L - 40, 19 * 105L + 80);
  }

  @Test
  void onceRunsEveryTargetOnceWithinMaxInFlightAndForgetsIt() {
    TimedProbe probe = new TimedProbe(100);
    List<String> reported = new CopyOnWriteArrayList<>();
    Context context = loop.vertx().getOrCreateContext();
    Promise<Scheduler> p = Promise.promise();
    context.runOnContext(
        v -> {
          Scheduler s =
              new Scheduler(
                  loop.vertx(),
                  2,
                  Duration.ZERO,
                  new Random(7),
                  probe,
                  (t, r) -> reported.add(t.name()),
                  new RecordingMetrics());
          targets(5, "100ms", "2s").forEach(s::once);
          p.complete(s);
        });
    Scheduler s = TestVertx.await(p.future());
    waitUntil(() -> reported.size() == 5, Duration.ofSeconds(5));
    assertThat(reported).containsExactlyInAnyOrder("t0", "t1", "t2", "t3", "t4");
    assertThat(probe.maxRunning.get()).isEqualTo(2);
    Promise<Integer> size = Promise.promise();
    context.runOnContext(v -> size.complete(s.size()));
    // Forgotten once reported: no slot is left, so nothing is planned again.
    assertThat(TestVertx.await(size.future())).isZero();
    assertThat(probe.started.get()).isEqualTo(5);
  }

  @Test
  void aStoppedSchedulerLetsRunningProbesFinishAndReport() {
    TimedProbe probe = new TimedProbe(300);
    List<ProbeResult> results = new CopyOnWriteArrayList<>();
    Scheduler s =
        start(
            targets(1, "50ms", "2s"), 10, probe, (t, r) -> results.add(r), new RecordingMetrics());
    waitUntil(() -> probe.running.get() == 1, Duration.ofSeconds(5));
    Promise<Void> idle = Promise.promise();
    contextOf(s)
        .runOnContext(
            v -> {
              s.stop();
              s.idle(Duration.ofSeconds(5)).onComplete(idle);
            });
    TestVertx.await(idle.future());
    assertThat(results).hasSize(1);
    assertThat(probe.started.get()).isEqualTo(1);
  }

  @Test
  void lagIsRecordedForEveryStart() {
    TimedProbe probe = new TimedProbe(1);
    RecordingMetrics metrics = new RecordingMetrics();
    start(targets(5, "100ms", "50ms"), 10, probe, (t, r) -> {}, metrics);
    waitUntil(() -> probe.started.get() >= 20, Duration.ofSeconds(5));
    assertThat(metrics.lags)
        .hasSizeGreaterThanOrEqualTo(20)
        .allSatisfy(l -> assertThat(l).isLessThan(Duration.ofMillis(100)));
  }
}
