package dev.lookout.status;

import java.time.Instant;

/**
 * {@link Instant#toString} for the thousands of instants of one page or API answer: the date and
 * time of day are formatted once per second seen (a wave of probes shares a few seconds), the
 * fraction with integer arithmetic. One per render; not thread-safe.
 */
final class InstantText {
  private static final int SLOTS = 64;
  private final long[] seconds = new long[SLOTS];
  private final String[] heads = new String[SLOTS];

  /** Appends {@code t} exactly as {@code t.toString()} would ({@code 2026-12-02T02:16:25.123Z}). */
  StringBuilder append(StringBuilder out, Instant t) {
    long s = t.getEpochSecond();
    int slot = (int) (s & (SLOTS - 1));
    String head = heads[slot];
    if (head == null || seconds[slot] != s) {
      String whole = Instant.ofEpochSecond(s).toString();
      head = whole.substring(0, whole.length() - 1);
      heads[slot] = head;
      seconds[slot] = s;
    }
    out.append(head);
    int nanos = t.getNano();
    if (nanos != 0) {
      // As DateTimeFormatter.ISO_INSTANT: three, six or nine digits, as many as needed.
      out.append('.');
      if (nanos % 1_000_000 == 0) {
        digits(out, nanos / 1_000_000, 100);
      } else if (nanos % 1_000 == 0) {
        digits(out, nanos / 1_000, 100_000);
      } else {
        digits(out, nanos, 100_000_000);
      }
    }
    return out.append('Z');
  }

  private static void digits(StringBuilder out, int value, int top) {
    for (int p = top; p > 1 && value < p; p /= 10) {
      out.append('0');
    }
    out.append(value);
  }
}
