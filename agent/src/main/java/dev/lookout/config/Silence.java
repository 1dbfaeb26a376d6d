package dev.lookout.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A time window in which notifications for matching targets are held (probes and metrics carry on).
 * Either absolute ({@code from}/{@code until}) or weekly recurring in a time zone, so a maintenance
 * window like {@code Sun 02:00-04:00 Europe/Berlin} follows daylight saving time. A silence matches
 * a target named in {@code targets} or carrying every label in {@code labels}; with neither, it
 * matches every target.
 */
public record Silence(
    Instant from, Instant until, Weekly weekly, List<String> targets, Map<String, String> labels) {

  public Silence {
    targets = List.copyOf(targets);
    labels = Map.copyOf(labels);
    if ((weekly == null) == (from == null || until == null)) {
      throw new IllegalArgumentException("a silence needs either from + until, or weekly");
    }
    if (from != null && !until.isAfter(from)) {
      throw new IllegalArgumentException("a silence's until must be after its from");
    }
  }

  public boolean matches(String target, Map<String, String> targetLabels) {
    if (targets.isEmpty() && labels.isEmpty()) {
      return true;
    }
    if (targets.contains(target)) {
      return true;
    }
    return !labels.isEmpty()
        && labels.entrySet().stream()
            .allMatch(e -> e.getValue().equals(targetLabels.get(e.getKey())));
  }

  public boolean activeAt(Instant now) {
    if (weekly != null) {
      return weekly.activeAt(now);
    }
    return !now.isBefore(from) && now.isBefore(until);
  }

  /**
   * A weekly window: on these days, from start to end. A window belongs to the day it starts on: an
   * end at or before the start crosses midnight into the next day ({@code Fri 22:00-06:00} ends on
   * Saturday morning). {@code 24:00} is an end only, read as midnight at the end of the start day,
   * so {@code 00:00-24:00} is the whole day.
   */
  public record Weekly(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {
    public Weekly {
      days = Set.copyOf(days);
      if (days.isEmpty()) {
        throw new IllegalArgumentException("a weekly silence needs at least one day");
      }
      if (start.equals(end) && !start.equals(LocalTime.MIDNIGHT)) {
        throw new IllegalArgumentException(
            "a weekly window from "
                + start
                + " to "
                + end
                + " is empty: write the end (up to 24:00), or 00:00-24:00 for a whole day");
      }
    }

    /**
     * Parses {@code Sun 02:00-04:00 Europe/Berlin}, {@code Mon-Fri 22:00-06:00}, {@code Sat,Sun …}.
     */
    public static Weekly parse(String text) {
      String[] parts = text.trim().split("\\s+");
      if (parts.length < 2 || parts.length > 3) {
        throw new IllegalArgumentException(
            "\"" + text + "\" is not a weekly window like \"Sun 02:00-04:00 Europe/Berlin\"");
      }
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (String item : parts[0].split(",")) {
        String[] range = item.split("-");
        DayOfWeek a = day(range[0]);
        DayOfWeek b = range.length > 1 ? day(range[1]) : a;
        for (DayOfWeek d = a; ; d = d.plus(1)) {
          days.add(d);
          if (d == b) {
            break;
          }
        }
      }
      String[] times = parts[1].split("-");
      if (times.length != 2) {
        throw new IllegalArgumentException(
            "\"" + parts[1] + "\" is not a time range like 02:00-04:00");
      }
      ZoneId zone;
      try {
        zone = parts.length == 3 ? ZoneId.of(parts[2]) : ZoneId.of("UTC");
      } catch (java.time.DateTimeException e) {
        throw new IllegalArgumentException("unknown time zone \"" + parts[2] + "\"");
      }
      if (times[0].equals("24:00")) {
        throw new IllegalArgumentException(
            "24:00 can only end a window; a window from midnight starts at 00:00");
      }
      // 24:00 is midnight at the end of the start day: the overnight rule below reads an end of
      // 00:00 that way.
      LocalTime end = times[1].equals("24:00") ? LocalTime.MIDNIGHT : time(times[1]);
      return new Weekly(days, time(times[0]), end, zone);
    }

    private static DayOfWeek day(String s) {
      for (DayOfWeek d : DayOfWeek.values()) {
        if (d.getDisplayName(TextStyle.SHORT, Locale.ROOT).equalsIgnoreCase(s)) {
          return d;
        }
      }
      throw new IllegalArgumentException(
          "\"" + s + "\" is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
    }

    private static LocalTime time(String s) {
      try {
        return LocalTime.parse(s.length() == 4 ? "0" + s : s);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("\"" + s + "\" is not a time like 02:00");
      }
    }

    boolean activeAt(Instant now) {
      ZonedDateTime local = now.atZone(zone);
      LocalTime t = local.toLocalTime();
      DayOfWeek today = local.getDayOfWeek();
      if (start.isBefore(end)) {
        return days.contains(today) && !t.isBefore(start) && t.isBefore(end);
      }
      // Overnight (or ending at midnight, or the whole day from 00:00): the window belongs to
      // the day it starts on, and runs on into the next day until its end.
      return (days.contains(today) && !t.isBefore(start))
          || (days.contains(today.minus(1)) && t.isBefore(end));
    }
  }
}
