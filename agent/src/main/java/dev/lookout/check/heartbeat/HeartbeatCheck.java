package dev.lookout.check.heartbeat;

import dev.lookout.config.CheckSpec;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The {@code heartbeat:} block: nothing is probed; the job reports in on the ping API, and silence
 * past {@code grace}, a run longer than {@code max_runtime}, a failure or a suspiciously short run
 * becomes a finding.
 *
 * @param schedule a cron schedule (in {@code timeZone}) or a period
 * @param timeZone the zone the cron schedule and the times in findings are read in
 * @param grace how late a ping may be
 * @param maxRuntime how long a started run may take before it is reported, or null: not judged
 * @param minRuntime a run that finishes faster is reported, or null: not judged
 * @param token the token pings must carry, or null when pings need none
 */
public record HeartbeatCheck(
    HeartbeatSchedule schedule,
    ZoneId timeZone,
    Duration grace,
    Duration maxRuntime,
    Duration minRuntime,
    String token)
    implements CheckSpec {

  /** The config key, and the {@code type} label in metrics. */
  public static final String TYPE = "heartbeat";

  /** The longest evaluation interval by default: a fail ping is judged within this. */
  public static final Duration MAX_DEFAULT_INTERVAL = Duration.ofSeconds(30);

  public HeartbeatCheck {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative");
    }
    if (maxRuntime != null && (maxRuntime.isZero() || maxRuntime.isNegative())) {
      throw new IllegalArgumentException("max_runtime must be longer than zero");
    }
    if (token != null && token.isEmpty()) {
      throw new IllegalArgumentException("token must not be empty");
    }
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** The evaluation interval when the target sets none: {@code min(grace, 30s)}, at least 1 s. */
  @Override
  public Duration defaultInterval() {
    Duration d = grace.compareTo(MAX_DEFAULT_INTERVAL) < 0 ? grace : MAX_DEFAULT_INTERVAL;
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
  }

  @Override
  public String unsafeOnOpenListener() {
    return token != null
        ? null
        : "anyone who reaches it could report this job done: set token (or token_file), and send"
            + " it from the job in Authorization: Bearer";
  }

  /** The token is a secret: never printed. */
  @Override
  public String toString() {
    return "HeartbeatCheck[schedule="
        + schedule.describe()
        + ", grace="
        + grace
        + ", maxRuntime="
        + maxRuntime
        + ", minRuntime="
        + minRuntime
        + ", token="
        + (token == null ? "none" : "***")
        + "]";
  }
}
