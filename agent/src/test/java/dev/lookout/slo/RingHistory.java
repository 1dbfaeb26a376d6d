package dev.lookout.slo;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The history as it was before its buckets grew with the time held: every array allocated up front,
 * row = period mod ring length. Kept verbatim (but for persistence, which is reduced to the first
 * file format) as the reference {@link HistoryGrowthTest} compares the growing history with.
 */
final class RingHistory {
  /** Six hours of minutes, plus two so a 6-hour window's partial first minute is still held. */
  static final int MINUTES = 362;

  static final long DS_MINUTE = 600;
  static final long DS_HOUR = 36_000;

  final int hours;
  final char[] mGood = new char[MINUTES];
  final char[] mBad = new char[MINUTES];
  final char[] mBadProbes = new char[MINUTES];
  final char[] hGood;
  final char[] hBad;
  char[] mLatGood;
  char[] mLatTotal;
  char[] hLatGood;
  char[] hLatTotal;
  long minuteHead = Long.MIN_VALUE;
  long hourHead = Long.MIN_VALUE;

  // The open verdict: the latest one, counted up to attributed, at most until cap.
  private long openStart = -1;
  private boolean openHealthy;
  private long openCap;
  private long attributed;

  /**
   * When each burn alert fired (epoch ms; 0 while it is not firing), by {@link BurnAlerts#slot}:
   * kept across restarts, so a restart neither fires an alert again nor loses its incident.
   */
  final long[] firedAt = new long[BurnAlerts.SLOTS];

  /** The oldest minute changed since {@link #changes} last ran; MAX_VALUE when none. */
  private long dirtyFrom = Long.MAX_VALUE;

  private boolean openDirty;

  RingHistory(int hours, boolean latency) {
    this.hours = hours;
    hGood = new char[hours];
    hBad = new char[hours];
    if (latency) {
      trackLatency();
    }
  }

  int hours() {
    return hours;
  }

  boolean tracksLatency() {
    return mLatGood != null;
  }

  void trackLatency() {
    if (mLatGood == null) {
      mLatGood = new char[MINUTES];
      mLatTotal = new char[MINUTES];
      hLatGood = new char[hours];
      hLatTotal = new char[hours];
    }
  }

  /** Bytes of bucket data held (the arrays; the object headers add a few hundred). */
  long bytes() {
    long perMinute = tracksLatency() ? 5 : 3;
    long perHour = tracksLatency() ? 4 : 2;
    return 2 * (perMinute * MINUTES + perHour * hours);
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
    int m = minuteSlot(Math.floorDiv(startDs, DS_MINUTE));
    int h = hourSlot(Math.floorDiv(startDs, DS_HOUR));
    if (m >= 0 && !healthy) {
      mBadProbes[m] = sat(mBadProbes[m] + 1);
    }
    if (latencyGood != null && tracksLatency()) {
      if (m >= 0) {
        mLatTotal[m] = sat(mLatTotal[m] + 1);
        mLatGood[m] = sat(mLatGood[m] + (latencyGood ? 1 : 0));
      }
      if (h >= 0 && hLatTotal[h] < Character.MAX_VALUE) {
        hLatTotal[h]++;
        hLatGood[h] = sat(hLatGood[h] + (latencyGood ? 1 : 0));
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
    long at = from;
    while (at < to) {
      long minute = Math.floorDiv(at, DS_MINUTE);
      long end = Math.min(to, (minute + 1) * DS_MINUTE);
      int m = minuteSlot(minute);
      int h = hourSlot(Math.floorDiv(at, DS_HOUR));
      char[] mt = healthy ? mGood : mBad;
      char[] ht = healthy ? hGood : hBad;
      if (m >= 0) {
        mt[m] = sat(mt[m] + (end - at));
        dirtyFrom = Math.min(dirtyFrom, minute);
      }
      if (h >= 0) {
        ht[h] = sat(ht[h] + (end - at));
      }
      at = end;
    }
  }

  private static char sat(long v) {
    return (char) Math.min(Character.MAX_VALUE, Math.max(0, v));
  }

  /** The slot of a minute, moving the ring forward to it; -1 when it has already left the ring. */
  private int minuteSlot(long minute) {
    if (minuteHead == Long.MIN_VALUE || minute > minuteHead) {
      long from =
          minuteHead == Long.MIN_VALUE ? minute : Math.max(minuteHead + 1, minute - MINUTES);
      for (long x = from; x <= minute; x++) {
        int i = (int) Math.floorMod(x, (long) MINUTES);
        mGood[i] = mBad[i] = mBadProbes[i] = 0;
        if (mLatGood != null) {
          mLatGood[i] = mLatTotal[i] = 0;
        }
      }
      minuteHead = minute;
    }
    return minute <= minuteHead - MINUTES ? -1 : (int) Math.floorMod(minute, (long) MINUTES);
  }

  private int hourSlot(long hour) {
    if (hourHead == Long.MIN_VALUE || hour > hourHead) {
      long from = hourHead == Long.MIN_VALUE ? hour : Math.max(hourHead + 1, hour - hours);
      for (long x = from; x <= hour; x++) {
        int i = (int) Math.floorMod(x, (long) hours);
        hGood[i] = hBad[i] = 0;
        if (hLatGood != null) {
          hLatGood[i] = hLatTotal[i] = 0;
        }
      }
      hourHead = hour;
    }
    return hour <= hourHead - hours ? -1 : (int) Math.floorMod(hour, (long) hours);
  }

  private boolean minuteHeld(long minute) {
    return minuteHead != Long.MIN_VALUE && minute <= minuteHead && minute > minuteHead - MINUTES;
  }

  private boolean hourHeld(long hour) {
    return hourHead != Long.MIN_VALUE && hour <= hourHead && hour > hourHead - hours;
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
      for (long h = Math.floorDiv(start, DS_HOUR); h < boundaryHour; h++) {
        if (hourHeld(h)) {
          double share = overlap(h * DS_HOUR, DS_HOUR, start);
          int i = (int) Math.floorMod(h, (long) hours);
          sum.add(share, hGood[i], hBad[i], 0, hLatGood, hLatTotal, i);
        }
      }
    }
    for (long m = Math.floorDiv(minutesFrom, DS_MINUTE); m <= nowMinute; m++) {
      if (minuteHeld(m)) {
        double share = overlap(m * DS_MINUTE, DS_MINUTE, minutesFrom);
        int i = (int) Math.floorMod(m, (long) MINUTES);
        sum.add(share, mGood[i], mBad[i], mBadProbes[i], mLatGood, mLatTotal, i);
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

    void add(double share, int g, int b, int bp, char[] lg, char[] lt, int i) {
      if (share <= 0) {
        return;
      }
      good += share * g;
      bad += share * b;
      badProbes += bp;
      if (lg != null) {
        latGood += lg[i];
        latTotal += lt[i];
      }
    }
  }

  // ---- persistence: what changed since the last write, and the whole state ----

  /** What changed since the last call (null when nothing did); the changes are then forgotten. */
  History.Change changes() {
    if (dirtyFrom == Long.MAX_VALUE && !openDirty) {
      return null;
    }
    List<History.Minute> minutes = new ArrayList<>();
    if (dirtyFrom != Long.MAX_VALUE) {
      for (long m = Math.max(dirtyFrom, minuteHead - MINUTES + 1); m <= minuteHead; m++) {
        int i = (int) Math.floorMod(m, (long) MINUTES);
        minutes.add(
            new History.Minute(
                m,
                mGood[i],
                mBad[i],
                mBadProbes[i],
                mLatGood == null ? 0 : mLatGood[i],
                mLatTotal == null ? 0 : mLatTotal[i]));
      }
      // The newest minute is still filling: it is written again next time.
      dirtyFrom = minuteHead;
    }
    openDirty = false;
    return new History.Change(open(), minutes);
  }

  /** A write of {@code c} failed: its minutes are written again next time. */
  void unflushed(History.Change c) {
    for (History.Minute m : c.minutes()) {
      dirtyFrom = Math.min(dirtyFrom, m.minute());
    }
    openDirty = true;
  }

  void markOpenDirty() {
    openDirty = true;
  }

  History.Open open() {
    return new History.Open(openStart, openHealthy, openCap, attributed, firedAt.clone());
  }

  /** Replays a journal line: minutes are set (the last line wins), hours follow by difference. */
  void apply(History.Change change) {
    for (History.Minute x : change.minutes()) {
      int m = minuteSlot(x.minute());
      if (m < 0) {
        continue;
      }
      int h = hourSlot(Math.floorDiv(x.minute() * DS_MINUTE, DS_HOUR));
      if (h >= 0) {
        hGood[h] = sat(hGood[h] + x.good() - mGood[m]);
        hBad[h] = sat(hBad[h] + x.bad() - mBad[m]);
        if (hLatGood != null) {
          hLatGood[h] = sat(hLatGood[h] + x.latGood() - mLatGood[m]);
          hLatTotal[h] = sat(hLatTotal[h] + x.latTotal() - mLatTotal[m]);
        }
      }
      mGood[m] = sat(x.good());
      mBad[m] = sat(x.bad());
      mBadProbes[m] = sat(x.badProbes());
      if (mLatGood != null) {
        mLatGood[m] = sat(x.latGood());
        mLatTotal[m] = sat(x.latTotal());
      }
    }
    restoreOpen(change.open());
  }

  void restoreOpen(History.Open o) {
    openStart = o.start();
    openHealthy = o.healthy();
    openCap = o.cap();
    attributed = o.attributed();
    System.arraycopy(o.firedAt(), 0, firedAt, 0, Math.min(firedAt.length, o.firedAt().length));
  }

  // ---- the first file format (HistoryBytes version 1), as it was written ----

  byte[] encodeV1() {
    boolean lat = tracksLatency();
    ByteBuffer b = ByteBuffer.allocate(96 + (int) bytes());
    b.put((byte) 1).put((byte) (lat ? 1 : 0)).putInt(hours());
    b.putLong(minuteHead).putLong(hourHead);
    History.Open o = open();
    b.putLong(o.start()).put((byte) (o.healthy() ? 1 : 0)).putLong(o.cap()).putLong(o.attributed());
    for (long f : o.firedAt()) {
      b.putLong(f);
    }
    for (char[] a : arrays(lat)) {
      b.asCharBuffer().put(a);
      b.position(b.position() + 2 * a.length);
    }
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }

  static RingHistory decodeV1(byte[] bytes, int hours, boolean latency) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    b.get();
    boolean lat = b.get() == 1;
    int oldHours = b.getInt();
    RingHistory old = new RingHistory(oldHours, lat);
    old.minuteHead = b.getLong();
    old.hourHead = b.getLong();
    long start = b.getLong();
    boolean healthy = b.get() == 1;
    long cap = b.getLong();
    long attributed = b.getLong();
    long[] fired = new long[BurnAlerts.SLOTS];
    for (int i = 0; i < fired.length; i++) {
      fired[i] = b.getLong();
    }
    old.restoreOpen(new History.Open(start, healthy, cap, attributed, fired));
    for (char[] a : old.arrays(lat)) {
      b.asCharBuffer().get(a);
      b.position(b.position() + 2 * a.length);
    }
    return old.resized(hours, latency);
  }

  private char[][] arrays(boolean lat) {
    return lat
        ? new char[][] {
          mGood, mBad, mBadProbes, mLatGood, mLatTotal, hGood, hBad, hLatGood, hLatTotal
        }
        : new char[][] {mGood, mBad, mBadProbes, hGood, hBad};
  }

  RingHistory resized(int newHours, boolean latency) {
    RingHistory h = this;
    if (newHours == h.hours() && latency == h.tracksLatency()) {
      return h;
    }
    RingHistory n = new RingHistory(newHours, latency);
    n.restoreOpen(h.open());
    n.minuteHead = h.minuteHead;
    int m = MINUTES;
    System.arraycopy(h.mGood, 0, n.mGood, 0, m);
    System.arraycopy(h.mBad, 0, n.mBad, 0, m);
    System.arraycopy(h.mBadProbes, 0, n.mBadProbes, 0, m);
    boolean both = latency && h.tracksLatency();
    if (both) {
      System.arraycopy(h.mLatGood, 0, n.mLatGood, 0, m);
      System.arraycopy(h.mLatTotal, 0, n.mLatTotal, 0, m);
    }
    n.hourHead = h.hourHead;
    if (h.hourHead != Long.MIN_VALUE) {
      for (long x = h.hourHead - Math.min(h.hours(), newHours) + 1; x <= h.hourHead; x++) {
        int from = (int) Math.floorMod(x, (long) h.hours());
        int to = (int) Math.floorMod(x, (long) newHours);
        n.hGood[to] = h.hGood[from];
        n.hBad[to] = h.hBad[from];
        if (both) {
          n.hLatGood[to] = h.hLatGood[from];
          n.hLatTotal[to] = h.hLatTotal[from];
        }
      }
    }
    return n;
  }
}
