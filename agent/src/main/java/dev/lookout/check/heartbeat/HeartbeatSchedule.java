package dev.lookout.check.heartbeat;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.lookout.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a job is expected to report in: at the times of a cron schedule, or at most {@code every}
 * apart. Sealed, so the judgement handles both.
 */
public sealed interface HeartbeatSchedule permits HeartbeatSchedule.Cron, HeartbeatSchedule.Every {

  /** How the schedule is written in the config, for the status page. */
  String describe();

  /**
   * A 5-field cron schedule (minute, hour, day of month, month, day of week), as crontab reads it,
   * in a time zone. Equal when the text and zone are, so a reload of the same file keeps the state.
   */
  final class Cron implements HeartbeatSchedule {
    static final List<String> FIELDS =
        List.of("minute", "hour", "day-of-month", "month", "day-of-week");
    private static final CronParser PARSER =
        new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime times;

    private Cron(String expression, ZoneId zone, ExecutionTime times) {
      this.expression = expression;
      this.zone = zone;
      this.times = times;
    }

    /**
     * @throws IllegalArgumentException with a message that names the bad field, fit for a config
     *     error
     */
    public static Cron parse(String text, ZoneId zone) {
      String expression = text.trim().replaceAll("\\s+", " ");
      String[] parts = expression.isEmpty() ? new String[0] : expression.split(" ");
      if (parts.length != FIELDS.size()) {
        throw new IllegalArgumentException(
            "\""
                + text
                + "\" has "
                + parts.length
                + " field(s), a cron schedule has 5: minute hour day-of-month month day-of-week"
                + " (as in \"0 3 * * *\", every day at 03:00)");
      }
      for (int i = 0; i < parts.length; i++) {
        String alone = alone(i, parts[i]);
        try {
          PARSER.parse(alone).validate();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "the "
                  + FIELDS.get(i)
                  + " field \""
                  + parts[i]
                  + "\" of \""
                  + expression
                  + "\" is not valid"
                  + reason(e.getMessage())
                  + " (allowed: "
                  + ALLOWED.get(i)
                  + ")");
        }
      }
      com.cronutils.model.Cron cron;
      try {
        cron = PARSER.parse(expression).validate();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "\"" + expression + "\" is not a cron schedule" + reason(e.getMessage()));
      }
      return new Cron(expression, zone, ExecutionTime.forCron(cron));
    }

    private static final List<String> ALLOWED =
        List.of(
            "0-59, *, lists 1,2, ranges 1-5, steps */15",
            "0-23, *, lists, ranges, steps",
            "1-31, *, lists, ranges, steps",
            "1-12 or JAN-DEC, *, lists, ranges, steps",
            "0-7 or SUN-SAT (0 and 7 are Sunday), *, lists, ranges, steps");

    /** The field on its own, every other field {@code *}: which field is bad, not just "bad". */
    private static String alone(int index, String field) {
      String[] all = {"*", "*", "*", "*", "*"};
      all[index] = field;
      return String.join(" ", all);
    }

    /** The library's reason, when it is a sentence a person can use. */
    private static String reason(String message) {
      if (message == null) {
        return "";
      }
      String m = message.replace("Failed to parse cron expression. ", "").trim();
      if (m.startsWith("Value ") && m.contains(" not in range ")) {
        return ": " + m.replace("Value ", "").replace("[", "").replace("]", "").replace(", ", "-");
      }
      if (m.startsWith("Invalid range!")) {
        return ": a range must go from low to high";
      }
      if (m.startsWith("Period ")) {
        return ": a step must be more than 0";
      }
      return "";
    }

    public String expression() {
      return expression;
    }

    public ZoneId zone() {
      return zone;
    }

    /**
     * The latest scheduled time at or before {@code t}, or empty if there is none. A wall-clock
     * time that happens twice when the clocks go back counts once, at its first occurrence: crontab
     * runs a job at 02:30 once on that night, and a second slot would make its one ping look late.
     */
    public Optional<Instant> previous(Instant t) {
      ZonedDateTime at = t.atZone(zone);
      ZonedDateTime probe = at.plusSeconds(1);
      for (int i = 0; i < 4; i++) {
        Optional<ZonedDateTime> last = times.lastExecution(probe);
        if (last.isEmpty()) {
          return Optional.empty();
        }
        ZonedDateTime slot = last.get();
        if (!repeated(slot)) {
          return Optional.of(slot.toInstant());
        }
        probe = slot;
      }
      return Optional.empty();
    }

    /** The first scheduled time after {@code t}, skipping repeated wall-clock times as above. */
    public Optional<Instant> next(Instant t) {
      ZonedDateTime probe = t.atZone(zone);
      for (int i = 0; i < 4; i++) {
        Optional<ZonedDateTime> next = times.nextExecution(probe);
        if (next.isEmpty()) {
          return Optional.empty();
        }
        ZonedDateTime slot = next.get();
        if (!repeated(slot)) {
          return Optional.of(slot.toInstant());
        }
        probe = slot;
      }
      return Optional.empty();
    }

    /** The second occurrence of a local time the clocks went back over. */
    private static boolean repeated(ZonedDateTime slot) {
      return !slot.withEarlierOffsetAtOverlap().toInstant().equals(slot.toInstant());
    }

    @Override
    public String describe() {
      return "\"" + expression + "\" " + zone.getId();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Cron c && c.expression.equals(expression) && c.zone.equals(zone);
    }

    @Override
    public int hashCode() {
      return Objects.hash(expression, zone);
    }

    @Override
    public String toString() {
      return "Cron[" + describe() + "]";
    }
  }

  /** A job that reports in at least this often (a worker's loop, a job run by a timer). */
  record Every(Duration period) implements HeartbeatSchedule {
    public Every {
      if (period.isZero() || period.isNegative()) {
        throw new IllegalArgumentException("every must be longer than zero");
      }
    }

    @Override
    public String describe() {
      return "every " + Durations.human(period);
    }
  }
}
