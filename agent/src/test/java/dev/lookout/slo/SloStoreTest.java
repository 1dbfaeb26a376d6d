package dev.lookout.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.lookout.config.SloPolicy;
import dev.lookout.config.Target;
import dev.lookout.state.StateHealth;
import dev.lookout.testing.LogCapture;
import dev.lookout.testing.TestClock;
import dev.lookout.testing.TestVertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history across restarts, driven the way the runtime drives it: configure, load, record each
 * verdict, flush once a minute, read uptime and burn alerts; a "kill -9" is a store that is never
 * closed, and a torn journal is one cut in the middle of its last line.
 */
class SloStoreTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path dir;

  static final Duration INTERVAL = Duration.ofSeconds(30);
  final TestClock clock = new TestClock(Instant.parse("2026-11-01T00:00:00Z"));
  final List<Target> config =
      List.of(SloTrackerTest.target("checkout", SloTrackerTest.THREE_NINES));

  /** One run of the agent: a tracker and its store, loaded from the state directory. */
  final class Run {
    final SloTracker tracker = new SloTracker(clock);
    final SloStore store = new SloStore(loop.vertx(), dir, tracker, new StateHealth(dir));

    Run() {
      tracker.configure(config);
      TestVertx.await(store.load());
    }

    /** Probes every 30 s for {@code span}, flushing at each minute as the periodic flush does. */
    void probes(Duration span, boolean healthy) {
      Instant end = clock.instant().plus(span);
      while (clock.instant().isBefore(end)) {
        tracker.record("checkout", clock.instant(), healthy, true, 0.1, INTERVAL);
        clock.advance(INTERVAL);
        if (clock.instant().getEpochSecond() % 60 == 0) {
          TestVertx.await(store.flush());
        }
      }
    }

    Uptime day() {
      return tracker.uptime("checkout").uptime().get(0);
    }
  }

  @Test
  void aRestartInTheMiddleOfAnOutageKeepsTheOutageAndDoesNotPageTwice() {
    Run first = new Run();
    first.probes(Duration.ofHours(2), true);
    first.probes(Duration.ofMinutes(10), false);
    BurnEvent page =
        first.tracker.burnEvents(clock.instant()).stream()
            .filter(e -> e.alert().equals("slo:availability:page"))
            .findFirst()
            .orElseThrow();
    TestVertx.await(first.store.flush());
    // kill -9: nothing closed; back 20 s later, while the target is still down
    clock.advance(Duration.ofSeconds(20));
    Run second = new Run();
    second.probes(Duration.ofMinutes(5), false);
    assertThat(second.day().downSeconds()).isCloseTo(15 * 60 + 20, within(1.0));
    assertThat(second.day().unknownSeconds())
        .isCloseTo(86400 - 2 * 3600 - 15 * 60 - 20, within(1.0));
    assertThat(second.tracker.burnEvents(clock.instant())).isEmpty(); // still firing, not again
    // once it is over, the page resolves as the same incident
    second.probes(Duration.ofMinutes(35), true); // the 30-minute window of the 6-hour page
    BurnEvent resolved =
        second.tracker.burnEvents(clock.instant()).stream()
            .filter(e -> e.alert().equals("slo:availability:page"))
            .findFirst()
            .orElseThrow();
    assertThat(resolved.firing()).isFalse();
    assertThat(resolved.firedAt()).isEqualTo(page.firedAt());
  }

  @Test
  void theAgentsOwnDowntimeIsUnknown() {
    Run first = new Run();
    first.probes(Duration.ofHours(1), true);
    TestVertx.await(first.store.close());
    clock.advance(Duration.ofHours(3));
    Run second = new Run();
    second.probes(Duration.ofHours(1), true);
    Uptime u = second.day();
    assertThat(u.ratio()).isEqualTo(1.0);
    assertThat(u.downSeconds()).isZero();
    // the last verdict before the stop lasts its 60 s cap (30 s of it after the stop); the
    // rest of the 3 h is unknown
    assertThat(u.unknownSeconds()).isCloseTo(86400 - 2 * 3600 - 30, within(1.0));
  }

  @Test
  void aJournalTornByAKillLosesAtMostTheLastMinute() throws Exception {
    Run first = new Run();
    first.probes(Duration.ofMinutes(30), true);
    first.probes(Duration.ofMinutes(10), false);
    double down = first.day().downSeconds();
    // kill -9 during the last append: its line is cut in half
    Path journal = dir.resolve("slo.journal");
    byte[] bytes = Files.readAllBytes(journal);
    Files.write(journal, java.util.Arrays.copyOf(bytes, bytes.length - 40));
    Run second;
    try (LogCapture logs = LogCapture.start()) {
      second = new Run();
      assertThat(logs.events())
          .extracting(ILoggingEvent::getFormattedMessage)
          .contains(
              "uptime history journal: skipped 1 unreadable line(s) (a write cut short by a"
                  + " crash)");
    }
    double restored = second.tracker.tally("checkout", Duration.ofHours(1)).badSeconds();
    // the torn line held the last minute; the bad verdict before it carries on for its cap
    assertThat(restored).isBetween(down - 60, down);
    assertThat(second.day().ratio()).isBetween(30 * 60 / (40 * 60.0), 1.0);
  }

  @Test
  void thirtyDaysOfHistoryTakeAFewHundredBytesOnDiskPerTarget() throws Exception {
    Run run = new Run();
    for (int day = 0; day < 30; day++) {
      feed(run.tracker, Duration.ofHours(23).plusMinutes(50), true);
      feed(run.tracker, Duration.ofMinutes(10), false);
    }
    TestVertx.await(run.store.close());
    long onDisk = Files.size(dir.resolve("slo.json"));
    assertThat(onDisk).isLessThan(512); // measured: 203 bytes
    Run again = new Run();
    assertThat(again.tracker.uptime("checkout").uptime().get(2).downSeconds())
        .isCloseTo(30 * 600, within(60.0));
  }

  @Test
  void aTargetFlappingForThirtyDaysStaysWithinItsBound() throws Exception {
    SloPolicy both =
        new SloPolicy(0.999, new SloPolicy.Latency(Duration.ofMillis(800), 0.99), null, true);
    SloTracker tracker = new SloTracker(clock);
    tracker.configure(List.of(SloTrackerTest.target("checkout", both)));
    SloStore store = new SloStore(loop.vertx(), dir, tracker, new StateHealth(dir));
    TestVertx.await(store.load());
    java.util.Random random = new java.util.Random(7);
    Instant end = clock.instant().plus(Duration.ofDays(30));
    while (clock.instant().isBefore(end)) {
      boolean ok = random.nextInt(10) > 0;
      tracker.record("checkout", clock.instant(), ok, true, random.nextDouble(), INTERVAL);
      clock.advance(Duration.ofSeconds(20 + random.nextInt(20)));
    }
    TestVertx.await(store.close());
    long onDisk = Files.size(dir.resolve("slo.json"));
    assertThat(onDisk).isLessThan(8 * 1024); // measured: 5,707 bytes
  }

  private void feed(SloTracker t, Duration span, boolean healthy) {
    Instant end = clock.instant().plus(span);
    while (clock.instant().isBefore(end)) {
      t.record("checkout", clock.instant(), healthy, true, 0.1, INTERVAL);
      clock.advance(INTERVAL);
    }
  }
}
