package dev.lookout.slo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The history's buckets grow with the time it holds, and nothing it says changes for that: the
 * growing history, one allocated in full up front and the implementation before growth ({@link
 * RingHistory}) are fed the same random verdicts, gaps, clock steps, reloads and restarts, and
 * every window tallies the same in all three.
 */
class HistoryGrowthTest {
  static final long T0 = History.ds(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
  static final long SECOND = 10;
  static final long MINUTE = History.DS_MINUTE;
  static final long HOUR = History.DS_HOUR;
  static final long DAY = 24 * HOUR;

  /** The burn and uptime windows, the longest policy window, and a few spans between them. */
  static final long[] SPANS = {
    5 * MINUTE,
    30 * MINUTE,
    HOUR,
    2 * HOUR,
    6 * HOUR,
    6 * HOUR + 90 * SECOND,
    7 * HOUR,
    DAY,
    3 * DAY,
    7 * DAY,
    30 * DAY,
    60 * DAY,
    90 * DAY,
    17 * SECOND,
    61 * MINUTE + 7 * SECOND
  };

  static final int[] HOURS = {30 * 24 + 24, 60 * 24 + 24, 90 * 24 + 24};

  /** The same history three ways, each with its compacted state and the journal after it. */
  static final class Three {
    History grown;
    History full;
    RingHistory before;
    int hours;
    boolean latency;
    byte[] grownSnapshot;
    byte[] fullSnapshot;
    byte[] beforeSnapshot;
    final List<History.Change> grownJournal = new ArrayList<>();
    final List<History.Change> fullJournal = new ArrayList<>();
    final List<History.Change> beforeJournal = new ArrayList<>();

    Three(int hours, boolean latency) {
      this.hours = hours;
      this.latency = latency;
      grown = new History(hours, latency);
      full = new History(hours, latency, true);
      before = new RingHistory(hours, latency);
      compact();
    }

    void record(long at, boolean healthy, Boolean fast, long interval) {
      Boolean f = latency ? fast : null;
      grown.record(at, healthy, f, interval);
      full.record(at, healthy, f, interval);
      before.record(at, healthy, f, interval);
    }

    void assertSameTallies(long now, String when) {
      for (long span : SPANS) {
        Tally expected = before.tally(now, span);
        assertThat(grown.tally(now, span))
            .as("%s, growing, span %d ds", when, span)
            .isEqualTo(expected);
        assertThat(full.tally(now, span))
            .as("%s, full, span %d ds", when, span)
            .isEqualTo(expected);
      }
      assertThat(grown.bytes()).as(when).isLessThanOrEqualTo(before.bytes());
    }

    /** The minute flush: every history's changes, which must be the same. */
    void flush(String when) {
      History.Change expected = before.changes();
      History.Change g = grown.changes();
      History.Change f = full.changes();
      assertSameChange(g, expected, when + ", growing");
      assertSameChange(f, expected, when + ", full");
      if (expected != null) {
        beforeJournal.add(expected);
        grownJournal.add(g);
        fullJournal.add(f);
      }
    }

    void compact() {
      flush("compaction");
      grownSnapshot = grown.encode();
      fullSnapshot = full.encode();
      beforeSnapshot = before.encodeV1();
      grownJournal.clear();
      fullJournal.clear();
      beforeJournal.clear();
    }

    /** A restart: the compacted state with the journal over it, as SloTracker#restore does. */
    void restart() {
      flush("restart");
      grown = History.decode(grownSnapshot, hours, latency);
      grownJournal.forEach(grown::apply);
      grown.changes();
      full = History.decode(fullSnapshot, hours, latency);
      fullJournal.forEach(full::apply);
      full.changes();
      before = RingHistory.decodeV1(beforeSnapshot, hours, latency);
      beforeJournal.forEach(before::apply);
      before.changes();
    }

    /** A reload with another window or latency objective. */
    void resize(int hours, boolean latency) {
      this.hours = hours;
      this.latency = latency;
      grown = grown.resized(hours, latency);
      full = full.resized(hours, latency);
      before = before.resized(hours, latency);
    }

    void fire(int slot, long at) {
      grown.setFiredAt(slot, at);
      grown.markOpenDirty();
      full.setFiredAt(slot, at);
      full.markOpenDirty();
      before.firedAt[slot] = at;
      before.markOpenDirty();
    }
  }

  static void assertSameChange(History.Change actual, History.Change expected, String when) {
    if (expected == null) {
      assertThat(actual).as(when).isNull();
      return;
    }
    assertThat(actual).as(when).isNotNull();
    assertThat(actual.minutes()).as(when).isEqualTo(expected.minutes());
    History.Open a = actual.open();
    History.Open e = expected.open();
    assertThat(List.of(a.start(), a.healthy(), a.cap(), a.attributed()))
        .as(when)
        .isEqualTo(List.of(e.start(), e.healthy(), e.cap(), e.attributed()));
    assertThat(a.firedAt()).as(when).containsExactly(e.firedAt());
  }

  static IntStream seeds() {
    return IntStream.range(0, 16);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyWindowTalliesAsTheFullyAllocatedHistoryDoes(int seed) {
    Random r = new Random(seed);
    Three h = new Three(HOURS[r.nextInt(HOURS.length)], r.nextBoolean());
    long now = T0 + r.nextInt((int) DAY);
    long[] intervals = {SECOND, 10 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, HOUR};
    long interval = intervals[r.nextInt(intervals.length)];
    java.util.ArrayDeque<String> trail = new java.util.ArrayDeque<>();
    for (int step = 0; step < 3_000; step++) {
      int op = r.nextInt(100);
      trail.addLast(op + "@" + (now - T0));
      if (trail.size() > 12) {
        trail.removeFirst();
      }
      String when = "seed " + seed + ", step " + step + ", ops (op@ds after T0) " + trail;
      if (op < 60) {
        h.record(now, r.nextInt(8) > 0, r.nextInt(5) > 0, interval);
        now += interval + (r.nextInt(4) == 0 ? r.nextInt((int) (3 * interval)) : 0);
      } else if (op < 68) {
        now += gap(r);
      } else if (op < 72) {
        // the clock steps back (within the minutes, or beyond them) and a probe starts there
        now -= r.nextBoolean() ? 1 + r.nextInt((int) HOUR) : 1 + r.nextInt((int) (8 * HOUR));
        h.record(now, r.nextBoolean(), r.nextBoolean(), interval);
      } else if (op < 82) {
        h.assertSameTallies(now, when);
      } else if (op < 88) {
        h.flush(when);
      } else if (op < 90) {
        h.compact();
      } else if (op < 92) {
        h.restart();
        h.assertSameTallies(now, when + ", after a restart");
      } else if (op < 93) {
        h.resize(HOURS[r.nextInt(HOURS.length)], r.nextInt(3) > 0);
      } else if (op < 95) {
        h.fire(r.nextInt(BurnAlerts.SLOTS), r.nextBoolean() ? 0 : 1_800_000_000_000L + step);
      } else if (op < 97) {
        interval = intervals[r.nextInt(intervals.length)];
      } else {
        // a file of the first format, read by this build
        History v1 = History.decode(h.before.encodeV1(), h.hours, h.latency);
        h.assertSameTallies(now, when);
        for (long span : SPANS) {
          assertThat(v1.tally(now, span))
              .as("%s, read from the first format, span %d ds", when, span)
              .isEqualTo(h.before.tally(now, span));
        }
      }
    }
    h.assertSameTallies(now, "seed " + seed + " at the end");
  }

  /** A gap in the verdicts: the agent stopped, or a probe that never came back. */
  static long gap(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> 1 + r.nextInt((int) (30 * MINUTE));
      case 1 -> HOUR + r.nextInt((int) (10 * HOUR));
      case 2 -> 6 * HOUR - 5 * MINUTE + r.nextInt((int) (15 * MINUTE)); // about the minutes' ring
      case 3 -> DAY + r.nextInt((int) (10 * DAY));
      case 4 -> 29 * DAY + r.nextInt((int) (4 * DAY)); // about the hours' ring
      default -> 90 * DAY + r.nextInt((int) (10 * DAY));
    };
  }

  /** Probes every {@code interval} for {@code span}, one failure in 20, every tenth one slow. */
  static long feed(History h, long from, Duration span, Duration interval) {
    long step = interval.toMillis() / 100;
    long end = from + span.toMillis() / 100;
    int n = 0;
    long at = from;
    for (; at < end; at += step, n++) {
      h.record(at, n % 20 != 19, h.tracksLatency() ? n % 10 != 9 : null, step);
    }
    return at;
  }

  @Test
  void memoryGrowsWithTheHistoryHeldUpToTheFullRings() {
    Duration every10s = Duration.ofSeconds(10);
    for (boolean latency : new boolean[] {false, true}) {
      History h = new History(744, latency);
      long now = feed(h, T0, every10s, every10s);
      long fresh = h.bytes();
      now = feed(h, now, Duration.ofHours(6).minus(every10s), every10s);
      long sixHours = h.bytes();
      feed(h, now, Duration.ofDays(30).minusHours(6), every10s);
      long month = h.bytes();
      System.out.printf(
          "uptime history per target%s: fresh %d bytes, after 6 h %d, after 30 d %d%n",
          latency ? " with latency" : "", fresh, sixHours, month);
      int minute = latency ? 5 : 3;
      int hour = latency ? 4 : 2;
      assertThat(fresh).isEqualTo(2 * (minute * 8 + hour * 8));
      assertThat(sixHours).isEqualTo(2 * (minute * 362 + hour * 8));
      assertThat(month).isEqualTo(2 * (minute * 362 + hour * 744));
      assertThat(month).isEqualTo(new History(744, latency, true).bytes());
    }
  }

  @Test
  void aLoadedHistoryKeepsItsDataInBucketsSizedToIt() {
    History young = new History(744, true);
    long now = feed(young, T0, Duration.ofMinutes(20), Duration.ofSeconds(10));
    History fullMonth = new History(744, true);
    long later = feed(fullMonth, T0, Duration.ofDays(30), Duration.ofSeconds(30));
    for (History h : List.of(young, fullMonth)) {
      long at = h == young ? now : later;
      History loaded = History.decode(h.encode(), 744, true);
      // 20 minutes in one hour; 30 days of hours in all six hours of minutes
      assertThat(loaded.bytes())
          .isEqualTo(h == young ? 2 * (5 * 20 + 4 * 8) : 2 * (5 * 362 + 4 * 720));
      for (long span : SPANS) {
        assertThat(loaded.tally(at, span)).as("span %d ds", span).isEqualTo(h.tally(at, span));
      }
    }
    // a file of the first format, every bucket of both rings, comes back sized to what it holds
    RingHistory before = new RingHistory(744, true);
    for (long at = T0; at < T0 + 20 * MINUTE; at += 10 * SECOND) {
      before.record(at, at % 200 != 0, true, 10 * SECOND);
    }
    History fromV1 = History.decode(before.encodeV1(), 744, true);
    assertThat(fromV1.bytes()).isEqualTo(2 * (5 * 20 + 4 * 8));
    for (long span : SPANS) {
      assertThat(fromV1.tally(T0 + 20 * MINUTE, span))
          .isEqualTo(before.tally(T0 + 20 * MINUTE, span));
    }
  }

  @Test
  void aGapLongerThanTheRingsStartsTheBucketsSmallAgain() {
    History h = new History(744, false);
    long now = feed(h, T0, Duration.ofDays(31), Duration.ofMinutes(1));
    assertThat(h.bytes()).isEqualTo(new History(744, false, true).bytes());
    now += 40 * DAY;
    h.record(now, true, null, MINUTE);
    assertThat(h.bytes()).isEqualTo(2 * (3 * 8 + 2 * 8));
    assertThat(h.tally(now + MINUTE, 30 * DAY).goodSeconds()).isEqualTo(60.0);
  }

  @Test
  void aTargetWithNoBurnAlertFiringHoldsNoFiringTimes() {
    History h = new History(744, false);
    assertThat(h.open().firedAt()).containsOnly(0L);
    h.setFiredAt(1, 1_800_000_000_000L);
    assertThat(h.firedAt(1)).isEqualTo(1_800_000_000_000L);
    History loaded = History.decode(h.encode(), 744, false);
    assertThat(loaded.firedAt(1)).isEqualTo(1_800_000_000_000L);
    h.setFiredAt(1, 0);
    assertThat(h.open().firedAt()).containsOnly(0L);
    assertThat(h.firedAt(1)).isZero();
  }
}
