package dev.lookout.check.heartbeat;

import dev.lookout.config.MapReader;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Reads {@code heartbeat:}. Every problem is recorded on the reader (file:line:col), not thrown, so
 * one load reports them all. A heartbeat has no {@code expect:} keys: its expectations are the
 * schedule and the runtimes, and the caller rejects anything in {@code expect:}.
 */
public final class HeartbeatCheckParser {
  /**
   * @return the check, or null when errors were recorded
   */
  public HeartbeatCheck parse(MapReader m, MapReader expect) {
    return parse(m);
  }

  /** {@link #parse(MapReader, MapReader)} for callers that hold only the check block. */
  public HeartbeatCheck parse(MapReader m) {
    ZoneId zone = m.parsed("time_zone", ZoneOffset.UTC, HeartbeatCheckParser::zone);
    HeartbeatSchedule schedule = schedule(m, zone);
    Duration grace = m.duration("grace", null);
    if (!m.has("grace")) {
      m.error(
          m.where()
              + " needs \"grace\": how late a ping may be before it is reported (such as 30m;"
              + " 0s for none)");
    }
    Duration maxRuntime = m.positiveDuration("max_runtime", null);
    Duration minRuntime = m.positiveDuration("min_runtime", null);
    if (maxRuntime != null && minRuntime != null && minRuntime.compareTo(maxRuntime) >= 0) {
      m.error(
          "min_runtime",
          m.describe("min_runtime") + " must be shorter than max_runtime: no run could pass both");
      minRuntime = null;
    }
    String token = m.secret("token");
    if (token != null && token.isBlank()) {
      m.error(
          m.has("token") ? "token" : "token_file",
          m.describe("token")
              + " is empty (an unset environment variable?): give a token, or leave the key"
              + " out");
      token = null;
    }
    m.finish();
    if (schedule == null || grace == null) {
      return null;
    }
    return new HeartbeatCheck(schedule, zone, grace, maxRuntime, minRuntime, token);
  }

  private static HeartbeatSchedule schedule(MapReader m, ZoneId zone) {
    boolean cron = m.has("schedule");
    boolean every = m.has("every");
    if (cron && every) {
      m.errorAtKey(
          "every",
          m.where()
              + " has both \"schedule\" and \"every\": keep one (a cron schedule such as"
              + " \"0 3 * * *\", or a period such as 24h)");
      return null;
    }
    if (every) {
      Duration period = m.positiveDuration("every", null);
      return period == null ? null : new HeartbeatSchedule.Every(period);
    }
    if (cron) {
      return m.parsed("schedule", null, text -> HeartbeatSchedule.Cron.parse(text, zone));
    }
    m.error(
        m.where()
            + " needs \"schedule\" (a 5-field cron schedule such as \"0 3 * * *\") or"
            + " \"every\" (a period such as 1m or 24h)");
    return null;
  }

  private static ZoneId zone(String text) {
    try {
      return ZoneId.of(text.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a time zone (use a name from the tz database, such as Europe/Berlin,"
              + " America/New_York or UTC)");
    }
  }
}
