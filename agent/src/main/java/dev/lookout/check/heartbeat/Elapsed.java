package dev.lookout.check.heartbeat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Times and lengths of time as the heartbeat findings write them. */
final class Elapsed {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Elapsed() {}

  /**
   * {@code 800 ms}, {@code 3 s}, {@code 12 min}, {@code 2 h}, {@code 2 h 05 min}, {@code 3 d 4 h}.
   */
  static String length(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 1000) {
      return ms + " ms";
    }
    long s = ms / 1000;
    if (s < 60) {
      return s + " s";
    }
    long min = s / 60;
    if (min < 60) {
      return min + " min";
    }
    long h = min / 60;
    if (h < 24) {
      return min % 60 == 0 ? h + " h" : String.format("%d h %02d min", h, min % 60);
    }
    long days = h / 24;
    return h % 24 == 0 ? days + " d" : days + " d " + (h % 24) + " h";
  }

  /** {@code 2026-12-01 03:00 Europe/Berlin}. */
  static String dateTime(Instant t, ZoneId zone) {
    ZonedDateTime z = t.atZone(zone);
    return DATE.format(z) + " " + clock(z) + " " + zoneName(zone);
  }

  /** {@code 03:30} on the same local day as {@code reference}, else {@code 2026-12-02 03:30}. */
  static String timeNear(Instant t, Instant reference, ZoneId zone) {
    ZonedDateTime z = t.atZone(zone);
    if (z.toLocalDate().equals(reference.atZone(zone).toLocalDate())) {
      return clock(z);
    }
    return DATE.format(z) + " " + clock(z);
  }

  private static String clock(ZonedDateTime z) {
    return (z.getSecond() == 0 ? MINUTES : SECONDS).format(z);
  }

  static String zoneName(ZoneId zone) {
    return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
  }
}
