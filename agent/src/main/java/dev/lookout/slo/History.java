package dev.lookout.slo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One target's verdicts over time, in deciseconds: per-minute buckets for the last six hours (what
 * the burn windows up to 6 h read) and hourly buckets for {@code hours} hours (the longer windows
 * and uptime over 30 days). Every addition goes into both, so neither is ever rolled up or re-read;
 * the hourly ones are read only for hours the minutes no longer cover.
 *
 * <p>Time weighting: a verdict counts from its probe until the next one, at most {@code interval ×
 * 2}; nothing counts twice (a probe that starts before the time already counted starts where that
 * ends, so a clock stepping back never makes more than 100 %), and time no verdict covers is
 * unknown. Memory per target: 3 × 2 bytes per minute bucket and 2 × 2 per hour bucket (5 and 4 with
 * a latency objective), allocated only for the span the history holds (see {@link Buckets} and
 * {@link #bytes()}): a few rows when fresh, all 362 minutes after six hours, all hours after the
 * window.
 *
 * <p>Pure and not thread-safe: the {@link SloTracker} locks it.
 */
final class History {
  /** Six hours of minutes, plus two so a 6-hour window's partial first minute is still held. */
  static final int MINUTES = 362;

  static final long DS_MINUTE = 600;
  static final long DS_HOUR = 36_000;

  // Columns of a minute row, then of an hour row; the latency ones only with a latency objective.
  static final int GOOD = 0;
  static final int BAD = 1;
  static final int M_BAD_PROBES = 2;
  static final int M_LAT_GOOD = 3;
  static final int M_LAT_TOTAL = 4;
  static final int H_LAT_GOOD = 2;
  static final int H_LAT_TOTAL = 3;

  final int hours;
  final Buckets byMinute;
  final Buckets byHour;

  // The open verdict: the latest one, counted up to attributed, at most until cap.
  private long openStart = -1;
  private boolean openHealthy;
  private long openCap;
  private long attributed;

  /**
   * When each burn alert fired (epoch ms; 0 while it is not firing), by {@link BurnAlerts#slot}:
   * kept across restarts, so a restart neither fires an alert again nor loses its incident. Null
   * while none fires.
   */
  private long[] firedAt;

  /** The oldest minute changed since {@link #changes} last ran; MAX_VALUE when none. */
  private long dirtyFrom = Long.MAX_VALUE;

  private boolean openDirty;

  /** An empty history whose buckets grow with the time it holds. */
  History(int hours, boolean latency) {
    this(hours, latency, false);
  }

  /** {@code full}: every bucket allocated up front, as a reference for the growing one. */
  History(int hours, boolean latency, boolean full) {
    this(
        hours,
        new Buckets(MINUTES, latency ? 5 : 3, full),
        new Buckets(hours, latency ? 4 : 2, full));
  }

  History(int hours, Buckets byMinute, Buckets byHour) {
    this.hours = hours;
    this.byMinute = byMinute;
    this.byHour = byHour;
  }

  int hours() {
    return hours;
  }

  boolean tracksLatency() {
    return byMinute.columns == 5;
  }

  /** Bytes of bucket data held (the arrays; the object headers add a few hundred). */
  long bytes() {
    return 2L * (byMinute.chars() + byHour.chars());
  }

  static long ds(long epochMillis) {
    return Math.floorDiv(epochMillis, 100);
  }

  /**
   * A verdict: a probe started at {@code startDs} (deciseconds since the epoch), passed or not, and
   * for the latency objective was good (answered in time) or not ({@code latencyGood} null when not
   * tracked).
   */
  void record(long startDs, boolean healthy, Boolean latencyGood, long intervalDs) {
    advance(startDs);
    long start = Math.max(startDs, attributed);
    openStart = start;
    openHealthy = healthy;
    openCap = Math.max(start, startDs + 2 * intervalDs);
    attributed = start;
    openDirty = true;
    int m = byMinute.slot(Math.floorDiv(startDs, DS_MINUTE));
    int h = byHour.slot(Math.floorDiv(startDs, DS_HOUR));
    if (m >= 0 && !healthy) {
      byMinute.add(m, M_BAD_PROBES, 1);
    }
    if (latencyGood != null && tracksLatency()) {
      int good = latencyGood ? 1 : 0;
      if (m >= 0) {
        byMinute.add(m, M_LAT_TOTAL, 1);
        byMinute.add(m, M_LAT_GOOD, good);
      }
      if (h >= 0 && byHour.get(h, H_LAT_TOTAL) < Character.MAX_VALUE) {
        byHour.add(h, H_LAT_TOTAL, 1);
        byHour.add(h, H_LAT_GOOD, good);
      }
    }
    if (m >= 0) {
      dirtyFrom = Math.min(dirtyFrom, Math.floorDiv(startDs, DS_MINUTE));
    }
  }

  /** Counts the open verdict up to {@code nowDs} (or its cap). */
  void advance(long nowDs) {
    if (openStart < 0) {
      return;
    }
    long end = Math.min(nowDs, openCap);
    if (end > attributed) {
      addSpan(attributed, end, openHealthy);
      attributed = end;
      openDirty = true;
    }
  }

  private void addSpan(long from, long to, boolean healthy) {
    int column = healthy ? GOOD : BAD;
    long at = from;
    while (at < to) {
      long minute = Math.floorDiv(at, DS_MINUTE);
      long end = Math.min(to, (minute + 1) * DS_MINUTE);
      int m = byMinute.slot(minute);
      int h = byHour.slot(Math.floorDiv(at, DS_HOUR));
      if (m >= 0) {
        byMinute.add(m, column, end - at);
        dirtyFrom = Math.min(dirtyFrom, minute);
      }
      if (h >= 0) {
        byHour.add(h, column, end - at);
      }
      at = end;
    }
  }

  /**
   * The span {@code [nowDs - spanDs, nowDs)}, after counting the open verdict up to now. Windows up
   * to six hours read minutes; longer ones read whole hours up to where the minutes take over. The
   * first, partial bucket counts by its overlap for time, and whole for probe counts.
   */
  Tally tally(long nowDs, long spanDs) {
    advance(nowDs);
    long start = nowDs - spanDs;
    long nowMinute = Math.floorDiv(nowDs, DS_MINUTE);
    long ringStart = nowMinute - (MINUTES - 2) + 1;
    long minutesFrom;
    Sum sum = new Sum();
    if (start >= ringStart * DS_MINUTE - DS_MINUTE) {
      minutesFrom = start;
    } else {
      long boundaryHour = Math.floorDiv(ringStart * DS_MINUTE + DS_HOUR - 1, DS_HOUR);
      minutesFrom = boundaryHour * DS_HOUR;
      // Only the periods the ring holds can add anything: a young history holds a few of the 30
      // days' hours, a new one none (a thousand new targets are tallied at the first scrape).
      long lastHour = Math.min(boundaryHour - 1, byHour.head());
      for (long h = Math.max(Math.floorDiv(start, DS_HOUR), byHour.oldestHeld());
          h <= lastHour;
          h++) {
        if (byHour.held(h)) {
          double share = overlap(h * DS_HOUR, DS_HOUR, start);
          sum.add(share, byHour, h, -1, H_LAT_GOOD, H_LAT_TOTAL);
        }
      }
    }
    long lastMinute = Math.min(nowMinute, byMinute.head());
    for (long m = Math.max(Math.floorDiv(minutesFrom, DS_MINUTE), byMinute.oldestHeld());
        m <= lastMinute;
        m++) {
      if (byMinute.held(m)) {
        double share = overlap(m * DS_MINUTE, DS_MINUTE, minutesFrom);
        sum.add(share, byMinute, m, M_BAD_PROBES, M_LAT_GOOD, M_LAT_TOTAL);
      }
    }
    double span = spanDs / 10.0;
    double good = sum.good / 10.0;
    double bad = sum.bad / 10.0;
    return new Tally(
        good, bad, Math.max(0, span - good - bad), sum.badProbes, sum.latGood, sum.latTotal);
  }

  private static double overlap(long bucketStart, long bucketLength, long from) {
    if (from <= bucketStart) {
      return 1;
    }
    return Math.max(0, (double) (bucketStart + bucketLength - from) / bucketLength);
  }

  private static final class Sum {
    double good;
    double bad;
    long badProbes;
    long latGood;
    long latTotal;

    /** One bucket's counts, {@code share} of its time ({@code badProbes} -1: not kept). */
    void add(double share, Buckets b, long period, int badProbes, int latGood, int latTotal) {
      int r = b.row(period);
      if (share <= 0 || r < 0) { // a bucket never counted holds nothing to add
        return;
      }
      good += share * b.get(r, GOOD);
      bad += share * b.get(r, BAD);
      if (badProbes >= 0) {
        this.badProbes += b.get(r, badProbes);
      }
      if (latTotal < b.columns) { // the latency columns exist only with a latency objective
        this.latGood += b.get(r, latGood);
        this.latTotal += b.get(r, latTotal);
      }
    }
  }

  // ---- persistence: what changed since the last write, and the whole state ----

  /** One minute bucket as written to the journal. */
  record Minute(long minute, int good, int bad, int badProbes, int latGood, int latTotal) {}

  /** The open verdict and firing alerts as written to the journal. */
  record Open(long start, boolean healthy, long cap, long attributed, long[] firedAt) {}

  /** What changed since the last call (null when nothing did); the changes are then forgotten. */
  Change changes() {
    if (dirtyFrom == Long.MAX_VALUE && !openDirty) {
      return null;
    }
    List<Minute> minutes = new ArrayList<>();
    if (dirtyFrom != Long.MAX_VALUE) {
      long head = byMinute.head();
      boolean lat = tracksLatency();
      for (long m = Math.max(dirtyFrom, head - MINUTES + 1); m <= head; m++) {
        minutes.add(
            new Minute(
                m,
                byMinute.read(m, GOOD),
                byMinute.read(m, BAD),
                byMinute.read(m, M_BAD_PROBES),
                lat ? byMinute.read(m, M_LAT_GOOD) : 0,
                lat ? byMinute.read(m, M_LAT_TOTAL) : 0));
      }
      // The newest minute is still filling: it is written again next time.
      dirtyFrom = head;
    }
    openDirty = false;
    return new Change(open(), minutes);
  }

  record Change(Open open, List<Minute> minutes) {}

  /** A write of {@code c} failed: its minutes are written again next time. */
  void unflushed(Change c) {
    for (Minute m : c.minutes()) {
      dirtyFrom = Math.min(dirtyFrom, m.minute());
    }
    openDirty = true;
  }

  void markOpenDirty() {
    openDirty = true;
  }

  Open open() {
    return new Open(
        openStart,
        openHealthy,
        openCap,
        attributed,
        firedAt == null ? NONE_FIRED : firedAt.clone());
  }

  /** Replays a journal line: minutes are set (the last line wins), hours follow by difference. */
  void apply(Change change) {
    for (Minute x : change.minutes()) {
      int m = byMinute.slot(x.minute());
      if (m < 0) {
        continue;
      }
      boolean lat = tracksLatency();
      int h = byHour.slot(Math.floorDiv(x.minute() * DS_MINUTE, DS_HOUR));
      if (h >= 0) {
        byHour.add(h, GOOD, x.good() - byMinute.get(m, GOOD));
        byHour.add(h, BAD, x.bad() - byMinute.get(m, BAD));
        if (lat) {
          byHour.add(h, H_LAT_GOOD, x.latGood() - byMinute.get(m, M_LAT_GOOD));
          byHour.add(h, H_LAT_TOTAL, x.latTotal() - byMinute.get(m, M_LAT_TOTAL));
        }
      }
      byMinute.set(m, GOOD, x.good());
      byMinute.set(m, BAD, x.bad());
      byMinute.set(m, M_BAD_PROBES, x.badProbes());
      if (lat) {
        byMinute.set(m, M_LAT_GOOD, x.latGood());
        byMinute.set(m, M_LAT_TOTAL, x.latTotal());
      }
    }
    restoreOpen(change.open());
  }

  void restoreOpen(Open o) {
    openStart = o.start();
    openHealthy = o.healthy();
    openCap = o.cap();
    attributed = o.attributed();
    for (int i = 0; i < Math.min(BurnAlerts.SLOTS, o.firedAt().length); i++) {
      setFiredAt(i, o.firedAt()[i]);
    }
  }

  /** When a burn alert fired (epoch ms); 0 while it is not firing. */
  long firedAt(int slot) {
    return firedAt == null ? 0 : firedAt[slot];
  }

  void setFiredAt(int slot, long epochMillis) {
    if (firedAt == null) {
      if (epochMillis == 0) {
        return;
      }
      firedAt = new long[BurnAlerts.SLOTS];
    }
    firedAt[slot] = epochMillis;
    if (Arrays.equals(firedAt, NONE_FIRED)) {
      firedAt = null;
    }
  }

  /** Shared by every {@link Open} of a history with no alert firing: never written to. */
  private static final long[] NONE_FIRED = new long[BurnAlerts.SLOTS];

  /** The whole state, uncompressed (see {@link HistoryBytes}). */
  byte[] encode() {
    return HistoryBytes.encode(this);
  }

  /** This history with another hour capacity or latency tracking (after a reload). */
  History resized(int newHours, boolean latency) {
    return HistoryBytes.resized(this, newHours, latency);
  }

  static History decode(byte[] bytes, int hours, boolean latency) {
    return HistoryBytes.decode(bytes, hours, latency);
  }
}
