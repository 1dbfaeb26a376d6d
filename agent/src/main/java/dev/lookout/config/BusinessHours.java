package dev.lookout.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * When a route's people are at work: days ({@code Mon-Fri}, {@code Sat,Sun}) from a local time to
 * another in a time zone. The clock on the wall decides, so the hours follow daylight saving time,
 * and a window whose end is at or before its start runs over midnight into the next day (it belongs
 * to the day it starts on). The same rules as a weekly silence ({@link Silence.Weekly}).
 */
public record BusinessHours(Silence.Weekly window) {

  /** Reads {@code days}, {@code from}, {@code to} and {@code time_zone}. */
  public static BusinessHours of(String days, String from, String to, String zone) {
    return new BusinessHours(
        Silence.Weekly.parse(days.replace(" ", "") + " " + from + "-" + to + " " + zone));
  }

  public boolean contains(Instant t) {
    return window.activeAt(t);
  }

  /**
   * The next moment at or after {@code t} when the hours begin (or {@code t} itself while they
   * hold). A start that falls into a daylight-saving gap moves forward, as the wall clock does.
   */
  public Instant nextStart(Instant t) {
    if (contains(t)) {
      return t;
    }
    LocalDate day = t.atZone(window.zone()).toLocalDate().minusDays(1);
    for (int i = 0; i < 9; i++, day = day.plusDays(1)) {
      if (!window.days().contains(day.getDayOfWeek())) {
        continue;
      }
      Instant start = ZonedDateTime.of(day, window.start(), window.zone()).toInstant();
      if (start.isAfter(t)) {
        return start;
      }
    }
    throw new IllegalStateException("business hours without a start within a week");
  }
}
