package dev.lookout.slo;

import java.util.Arrays;

/**
 * Counts for consecutive periods (minutes or hours): the newest {@code length} periods, a row of
 * {@code columns} saturating counts each, interleaved in one array. Only the rows from the oldest
 * period counted to the newest are allocated, doubling up to {@code length} as that span grows, so
 * a fresh history holds a few rows instead of six hours or thirty days of them; once the span
 * reaches {@code length} the layout is the plain ring (row = period mod length). A period that has
 * left the ring, or was never counted, reads as zero either way.
 *
 * <p>Pure and not thread-safe, like {@link History}.
 */
final class Buckets {
  /** Rows allocated before anything is counted. */
  static final int FIRST_ROWS = 8;

  final int length;
  final int columns;

  /** Rows allocated while nothing is held: {@link #FIRST_ROWS}, or {@code length} when full. */
  private final int firstRows;

  /** {@code capacity × columns}, row {@code period mod capacity}. */
  private char[] rows;

  /** The newest period held; MIN_VALUE while none. */
  private long head = Long.MIN_VALUE;

  /**
   * The oldest period whose row is allocated: rows for {@code [oldest, head]} are live, every other
   * row is zero.
   */
  private long oldest;

  /** Empty, growing from {@link #FIRST_ROWS} ({@code full}: all {@code length} rows up front). */
  Buckets(int length, int columns, boolean full) {
    this.length = length;
    this.columns = columns;
    this.firstRows = full ? length : Math.min(length, FIRST_ROWS);
    this.rows = new char[firstRows * columns];
  }

  /** The newest period held (the last one {@link #held}); MIN_VALUE while none. */
  long head() {
    return head;
  }

  int capacity() {
    return rows.length / columns;
  }

  /** Chars allocated. */
  int chars() {
    return rows.length;
  }

  /** The oldest period {@link #held}; MAX_VALUE while none is. */
  long oldestHeld() {
    return head == Long.MIN_VALUE ? Long.MAX_VALUE : head - length + 1;
  }

  /** Whether {@code period} is in the ring (counted or not). */
  boolean held(long period) {
    return head != Long.MIN_VALUE && period <= head && period > head - length;
  }

  /**
   * The row of a period, moving the ring forward to it (zeroing the periods it passes); -1 when the
   * period has already left the ring. A row index is valid until the next call.
   */
  int slot(long period) {
    if (head == Long.MIN_VALUE) {
      head = period;
      oldest = period;
    } else if (period > head) {
      advance(period);
    } else if (period <= head - length) {
      return -1;
    } else if (period < oldest) {
      fit(period);
    }
    return slotOf(period);
  }

  private void advance(long to) {
    long keepFrom = Math.max(oldest, to - length + 1);
    if (keepFrom > head) {
      // A gap longer than the ring: nothing is kept, and the rows start small again.
      rows = new char[firstRows * columns];
      head = to;
      oldest = to;
      return;
    }
    oldest = keepFrom;
    grow(to - keepFrom + 1);
    // Rows for (head, to] are free now; at full size they may still hold periods that just left.
    for (long p = head + 1; p <= to; p++) {
      int r = slotOf(p) * columns;
      Arrays.fill(rows, r, r + columns, (char) 0);
    }
    head = to;
  }

  /** Makes {@code period} (older than {@link #oldest}, still in the ring) the oldest row held. */
  private void fit(long period) {
    grow(head - period + 1);
    oldest = period;
  }

  /** At least {@code needed} rows (at most {@link #length}), re-laying the live rows. */
  private void grow(long needed) {
    int capacity = capacity();
    if (needed <= capacity) {
      return;
    }
    int next = (int) Math.min(length, Math.max(needed, 2L * capacity));
    relay(next);
  }

  private void relay(int capacity) {
    char[] old = rows;
    int oldCapacity = capacity();
    rows = new char[capacity * columns];
    for (long p = oldest; p <= head; p++) {
      int from = (int) Math.floorMod(p, (long) oldCapacity) * columns;
      int to = (int) Math.floorMod(p, (long) capacity) * columns;
      System.arraycopy(old, from, rows, to, columns);
    }
  }

  private int slotOf(long period) {
    return (int) Math.floorMod(period, (long) capacity());
  }

  int get(int slot, int column) {
    return rows[slot * columns + column];
  }

  void set(int slot, int column, long value) {
    rows[slot * columns + column] = sat(value);
  }

  /** Adds to a count, saturating at 0 and {@link Character#MAX_VALUE}. */
  void add(int slot, int column, long delta) {
    set(slot, column, get(slot, column) + delta);
  }

  /** The row of a period counted and still held, for {@link #get}; -1 when there is none. */
  int row(long period) {
    if (head == Long.MIN_VALUE || period > head || period < oldest) {
      return -1;
    }
    return slotOf(period);
  }

  /** A period's count; 0 when it is not held or was never counted. */
  int read(long period, int column) {
    int r = row(period);
    return r < 0 ? 0 : get(r, column);
  }

  static char sat(long v) {
    return (char) Math.min(Character.MAX_VALUE, Math.max(0, v));
  }

  // ---- persistence and reloads ----

  /** The live rows, oldest first: {@code (head - oldest + 1) × columns} chars; none while empty. */
  char[] live() {
    if (head == Long.MIN_VALUE) {
      return new char[0];
    }
    int n = (int) (head - oldest + 1);
    char[] out = new char[n * columns];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows, slotOf(oldest + i) * columns, out, i * columns, columns);
    }
    return out;
  }

  /**
   * Sets the rows of {@link #live} read back, ending at {@code head} (after {@link #Buckets} and
   * before anything else); the array is sized to them.
   *
   * @throws IllegalArgumentException when they do not fit the ring
   */
  void load(long head, char[] live) {
    int n = live.length / columns;
    if (live.length % columns != 0
        || n > length
        || (n == 0) != (head == Long.MIN_VALUE)
        || (n > 0 && head < Long.MIN_VALUE + length)) {
      throw new IllegalArgumentException("bad bucket count");
    }
    if (n == 0) {
      return;
    }
    this.head = head;
    this.oldest = head - n + 1;
    rows = new char[Math.max(n, firstRows) * columns];
    for (int i = 0; i < n; i++) {
      System.arraycopy(live, i * columns, rows, slotOf(oldest + i) * columns, columns);
    }
  }

  /**
   * Sets the rows from arrays laid out as the plain ring (one per column, {@code length} each, row
   * {@code period mod length}), as the first file format kept them; leading zero rows are dropped.
   */
  void loadRing(long head, char[][] ring) {
    if (head == Long.MIN_VALUE) {
      return;
    }
    long from = head - length + 1;
    while (from < head && zero(ring, (int) Math.floorMod(from, (long) length))) {
      from++;
    }
    int n = (int) (head - from + 1);
    char[] live = new char[n * columns];
    for (int i = 0; i < n; i++) {
      int slot = (int) Math.floorMod(from + i, (long) length);
      for (int c = 0; c < columns; c++) {
        live[i * columns + c] = ring[c][slot];
      }
    }
    load(head, live);
  }

  private static boolean zero(char[][] ring, int slot) {
    for (char[] column : ring) {
      if (column[slot] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * These buckets in a ring of {@code newLength} periods with {@code newColumns} columns: the
   * periods both hold are kept, and the columns both have.
   */
  Buckets resized(int newLength, int newColumns) {
    Buckets n = new Buckets(newLength, newColumns, firstRows == length);
    if (head == Long.MIN_VALUE) {
      return n;
    }
    long from = Math.max(oldest, head - newLength + 1);
    int count = (int) (head - from + 1);
    int shared = Math.min(columns, newColumns);
    char[] live = new char[count * newColumns];
    for (int i = 0; i < count; i++) {
      System.arraycopy(rows, slotOf(from + i) * columns, live, i * newColumns, shared);
    }
    n.load(head, live);
    return n;
  }
}
