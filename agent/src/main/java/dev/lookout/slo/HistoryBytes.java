package dev.lookout.slo;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * A {@link History} as bytes (the compacted file deflates them, see {@link SloCodec}), and a
 * history moved into another hour capacity when a reload changes the window. Big-endian: a version,
 * the heads, the open verdict, then the arrays in slot order.
 */
final class HistoryBytes {
  private static final byte VERSION = 1;

  private HistoryBytes() {}

  static byte[] encode(History h) {
    boolean lat = h.tracksLatency();
    ByteBuffer b = ByteBuffer.allocate(96 + (int) h.bytes());
    b.put(VERSION).put((byte) (lat ? 1 : 0)).putInt(h.hours());
    b.putLong(h.minuteHead).putLong(h.hourHead);
    History.Open o = h.open();
    b.putLong(o.start()).put((byte) (o.healthy() ? 1 : 0)).putLong(o.cap()).putLong(o.attributed());
    for (long f : o.firedAt()) {
      b.putLong(f);
    }
    for (char[] a : arrays(h, lat)) {
      b.asCharBuffer().put(a);
      b.position(b.position() + 2 * a.length);
    }
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }

  /**
   * Reads {@link #encode} into a history of {@code hours} (the current policy's), keeping the hours
   * both hold.
   *
   * @throws IllegalArgumentException when the bytes are not a history
   */
  static History decode(byte[] bytes, int hours, boolean latency) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.get() != VERSION) {
        throw new IllegalArgumentException("unknown version");
      }
      boolean lat = b.get() == 1;
      int oldHours = b.getInt();
      if (oldHours < 1 || oldHours > 100_000) {
        throw new IllegalArgumentException("bad hour count");
      }
      History old = new History(oldHours, lat);
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
      for (char[] a : arrays(old, lat)) {
        b.asCharBuffer().get(a);
        b.position(b.position() + 2 * a.length);
      }
      return resized(old, hours, latency);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("cut short");
    }
  }

  private static char[][] arrays(History h, boolean lat) {
    return lat
        ? new char[][] {
          h.mGood,
          h.mBad,
          h.mBadProbes,
          h.mLatGood,
          h.mLatTotal,
          h.hGood,
          h.hBad,
          h.hLatGood,
          h.hLatTotal
        }
        : new char[][] {h.mGood, h.mBad, h.mBadProbes, h.hGood, h.hBad};
  }

  /** {@code h} with another hour capacity or latency tracking (after a reload). */
  static History resized(History h, int newHours, boolean latency) {
    if (newHours == h.hours() && latency == h.tracksLatency()) {
      return h;
    }
    History n = new History(newHours, latency);
    n.restoreOpen(h.open());
    n.minuteHead = h.minuteHead;
    int m = History.MINUTES;
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
