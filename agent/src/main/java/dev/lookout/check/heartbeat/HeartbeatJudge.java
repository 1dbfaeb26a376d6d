package dev.lookout.check.heartbeat;

import dev.lookout.check.heartbeat.HeartbeatSchedule.Cron;
import dev.lookout.check.heartbeat.HeartbeatSchedule.Every;
import dev.lookout.check.heartbeat.HeartbeatState.LastRun;
import dev.lookout.evaluate.Finding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges a heartbeat target from what it reported: late or missing pings, runs that never ended,
 * failures and suspiciously short runs. Pure: the same check, state and clock give the same
 * judgement; nothing here knows about HTTP or Vert.x.
 *
 * <p>A ping counts for the scheduled time it is nearest to, up to {@code grace} early, so a job
 * whose clock runs a little ahead is not reported late (healthchecks.io #830). A run that has
 * started and is within {@code max_runtime} is not late: it is running.
 */
public final class HeartbeatJudge {
  private final Clock clock;

  public HeartbeatJudge(Clock clock) {
    this.clock = clock;
  }

  public HeartbeatJudgement judge(HeartbeatCheck check, HeartbeatState state) {
    return judge(check, state, clock.instant());
  }

  public static HeartbeatJudgement judge(HeartbeatCheck check, HeartbeatState state, Instant now) {
    ZoneId zone = check.timeZone();
    Deadline deadline = deadline(check, state, now);
    if (state.neverPinged() && now.isBefore(deadline.by())) {
      return new HeartbeatJudgement(HeartbeatJudgement.Status.PENDING, List.of(), deadline.by());
    }
    List<Finding> findings = new ArrayList<>();
    boolean running = runningWithinLimit(check, state, now);
    if (!running && deadline.missed(now)) {
      findings.add(late(state, deadline, now, zone));
    }
    findings.addAll(overdueRuns(check, state, now));
    LastRun last = state.lastRun();
    if (last != null && !last.ok()) {
      findings.add(failed(last));
    }
    if (last != null && last.ok() && check.minRuntime() != null) {
      Duration took = last.duration();
      if (took != null && took.compareTo(check.minRuntime()) < 0) {
        findings.add(
            new Finding(
                "min_runtime",
                "last run took "
                    + Elapsed.length(took)
                    + " (min_runtime "
                    + Elapsed.length(check.minRuntime())
                    + ")"));
      }
    }
    return new HeartbeatJudgement(
        findings.isEmpty() ? HeartbeatJudgement.Status.UP : HeartbeatJudgement.Status.DOWN,
        findings,
        deadline.next());
  }

  /**
   * The deadline the target is judged against.
   *
   * @param expected the scheduled time (or, for {@code every}, the last ping) a ping was due after
   * @param by the time a ping was due by (grace included)
   * @param covered a ping counts for it
   * @param next the deadline after this one, for the status page (equal to {@code by} while it lies
   *     ahead)
   */
  private record Deadline(Instant expected, Instant by, boolean covered, Instant next) {
    boolean missed(Instant now) {
      return !covered && now.isAfter(by);
    }
  }

  private static Deadline deadline(HeartbeatCheck check, HeartbeatState state, Instant now) {
    Instant last = state.lastAnyPing();
    Duration grace = check.grace();
    if (check.schedule() instanceof Every every) {
      Instant from = last != null ? last : state.since();
      Instant by = from.plus(every.period()).plus(grace);
      return new Deadline(from, by, false, by);
    }
    Cron cron = (Cron) check.schedule();
    Instant firstSlot = cron.next(state.since().minusNanos(1)).orElse(Instant.MAX);
    Optional<Instant> due = cron.previous(now.minus(grace));
    Instant following = nextDue(cron, last, now, grace);
    if (due.isEmpty() || due.get().isBefore(firstSlot)) {
      // nothing was due yet since the target was added
      Instant by = firstSlot.equals(Instant.MAX) ? Instant.MAX : firstSlot.plus(grace);
      return new Deadline(firstSlot, by, true, by);
    }
    Instant slot = due.get();
    Instant by = slot.plus(grace);
    boolean covered = last != null && !last.isBefore(slot.minus(early(cron, slot, grace)));
    return new Deadline(slot, by, covered, following);
  }

  /** The next deadline still ahead that no ping has covered yet, for the status page. */
  private static Instant nextDue(Cron cron, Instant last, Instant now, Duration grace) {
    Optional<Instant> slot = cron.next(now.minus(grace));
    if (slot.isPresent()
        && last != null
        && !last.isBefore(slot.get().minus(early(cron, slot.get(), grace)))) {
      slot = cron.next(slot.get());
    }
    return slot.map(s -> s.plus(grace)).orElse(Instant.MAX);
  }

  /** How early a ping may come and still count for {@code slot}: grace, at most half the gap. */
  private static Duration early(Cron cron, Instant slot, Duration grace) {
    Optional<Instant> before = cron.previous(slot.minusSeconds(1));
    if (before.isEmpty()) {
      return grace;
    }
    Duration half = Duration.between(before.get(), slot).dividedBy(2);
    return half.compareTo(grace) < 0 ? half : grace;
  }

  private static Finding late(HeartbeatState state, Deadline d, Instant now, ZoneId zone) {
    String since =
        state.neverPinged() && d.expected().equals(state.since())
            ? "never pinged since it was added " + Elapsed.dateTime(d.expected(), zone)
            : "no ping since " + Elapsed.dateTime(d.expected(), zone);
    return new Finding(
        "schedule",
        since
            + " (expected by "
            + Elapsed.timeNear(d.by(), d.expected(), zone)
            + " — "
            + Elapsed.length(Duration.between(d.by(), now))
            + " late)");
  }

  private static boolean runningWithinLimit(
      HeartbeatCheck check, HeartbeatState state, Instant now) {
    if (check.maxRuntime() == null) {
      return false;
    }
    for (Instant started : state.openRuns().values()) {
      if (Duration.between(started, now).compareTo(check.maxRuntime()) <= 0) {
        return true;
      }
    }
    return false;
  }

  private static List<Finding> overdueRuns(
      HeartbeatCheck check, HeartbeatState state, Instant now) {
    if (check.maxRuntime() == null) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    state.openRuns().entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .forEach(
            run -> {
              Duration running = Duration.between(run.getValue(), now);
              if (running.compareTo(check.maxRuntime()) > 0) {
                out.add(
                    new Finding(
                        "max_runtime",
                        "run started "
                            + Elapsed.timeNear(run.getValue(), now, check.timeZone())
                            + (run.getKey().isEmpty() ? "" : " (rid " + run.getKey() + ")")
                            + " has not finished after "
                            + Elapsed.length(running)
                            + " (max_runtime "
                            + Elapsed.length(check.maxRuntime())
                            + ")"));
              }
            });
    return out;
  }

  private static Finding failed(LastRun last) {
    String line = firstLine(last.log());
    return new Finding(
        "exit_status",
        "last run failed"
            + (last.exitStatus() == null ? "" : " with exit status " + last.exitStatus())
            + (line.isEmpty() ? "" : ": " + line));
  }

  /** The first non-blank line of a log, on one line and at most 120 characters. */
  static String firstLine(String log) {
    for (String line : log.split("\\R")) {
      String clean = line.replaceAll("\\p{Cntrl}", " ").strip();
      if (!clean.isEmpty()) {
        return clean.length() > 120 ? clean.substring(0, 120) + "…" : clean;
      }
    }
    return "";
  }
}
