package dev.lookout.slo;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * A {@link History} as bytes (the compacted file deflates them, see {@link SloCodec}), and a
 * history moved into another hour capacity when a reload changes the window. Big-endian: a version,
 * the heads, the open verdict, then per ring the number of buckets held and their rows, oldest
 * first (version 2). Version 1, which kept every bucket of both rings in slot order, is still read.
 */
final class HistoryBytes {
  private static final byte VERSION = 2;
  private static final byte VERSION_FULL_RINGS = 1;
  private static final int HEADER = 1 + 1 + 4 + 8 + 8 + 8 + 1 + 8 + 8 + 8 * BurnAlerts.SLOTS;

  private HistoryBytes() {}

  static byte[] encode(History h) {
    char[] minutes = h.byMinute.live();
    char[] hours = h.byHour.live();
    ByteBuffer b = ByteBuffer.allocate(HEADER + 8 + 2 * (minutes.length + hours.length));
    b.put(VERSION).put((byte) (h.tracksLatency() ? 1 : 0)).putInt(h.hours());
    b.putLong(h.byMinute.head()).putLong(h.byHour.head());
    History.Open o = h.open();
    b.putLong(o.start()).put((byte) (o.healthy() ? 1 : 0)).putLong(o.cap()).putLong(o.attributed());
    for (long f : o.firedAt()) {
      b.putLong(f);
    }
    for (char[] rows : new char[][] {minutes, hours}) {
      b.putInt(rows.length);
      b.asCharBuffer().put(rows);
      b.position(b.position() + 2 * rows.length);
    }
    return b.array();
  }

  /**
   * Reads {@link #encode} into a history of {@code hours} (the current policy's), keeping the hours
   * both hold; its buckets are sized to what it holds.
   *
   * @throws IllegalArgumentException when the bytes are not a history
   */
  static History decode(byte[] bytes, int hours, boolean latency) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte version = b.get();
      if (version != VERSION && version != VERSION_FULL_RINGS) {
        throw new IllegalArgumentException("unknown version");
      }
      boolean lat = b.get() == 1;
      int oldHours = b.getInt();
      if (oldHours < 1 || oldHours > 100_000) {
        throw new IllegalArgumentException("bad hour count");
      }
      History old = new History(oldHours, lat);
      long minuteHead = b.getLong();
      long hourHead = b.getLong();
      long start = b.getLong();
      boolean healthy = b.get() == 1;
      long cap = b.getLong();
      long attributed = b.getLong();
      long[] fired = new long[BurnAlerts.SLOTS];
      for (int i = 0; i < fired.length; i++) {
        fired[i] = b.getLong();
      }
      old.restoreOpen(new History.Open(start, healthy, cap, attributed, fired));
      if (version == VERSION) {
        old.byMinute.load(minuteHead, rows(b, old.byMinute));
        old.byHour.load(hourHead, rows(b, old.byHour));
      } else {
        old.byMinute.loadRing(minuteHead, ring(b, old.byMinute));
        old.byHour.loadRing(hourHead, ring(b, old.byHour));
      }
      return resized(old, hours, latency);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("cut short");
    }
  }

  private static char[] rows(ByteBuffer b, Buckets into) {
    int n = b.getInt();
    if (n < 0 || n > into.length * into.columns) {
      throw new IllegalArgumentException("bad bucket count");
    }
    char[] rows = new char[n];
    b.asCharBuffer().get(rows);
    b.position(b.position() + 2 * n);
    return rows;
  }

  /** Version 1: one array per column, the whole ring in slot order. */
  private static char[][] ring(ByteBuffer b, Buckets into) {
    char[][] ring = new char[into.columns][into.length];
    for (char[] column : ring) {
      b.asCharBuffer().get(column);
      b.position(b.position() + 2 * column.length);
    }
    return ring;
  }

  /** {@code h} with another hour capacity or latency tracking (after a reload). */
  static History resized(History h, int newHours, boolean latency) {
    if (newHours == h.hours() && latency == h.tracksLatency()) {
      return h;
    }
    History n =
        new History(
            newHours,
            h.byMinute.resized(History.MINUTES, latency ? 5 : 3),
            h.byHour.resized(newHours, latency ? 4 : 2));
    n.restoreOpen(h.open());
    return n;
  }
}
