package dev.lookout.check.heartbeat;

import dev.lookout.check.heartbeat.Ping.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What Lookout knows of one heartbeat target: when it started watching, the last ping of each kind,
 * the runs started and not yet ended, and how the last run ended. Immutable: {@link #apply} returns
 * the state after a ping. Persisted as it is, so a restart resumes with the same clock.
 *
 * @param since when Lookout started watching the target (its first deadline counts from here)
 * @param lastPing the last ping of each kind
 * @param openRuns start times of runs that have not ended, by run id ({@code ""} without one)
 * @param lastRun the last run that ended, or null
 */
public record HeartbeatState(
    Instant since, Map<Kind, Instant> lastPing, Map<String, Instant> openRuns, LastRun lastRun) {

  /**
   * Open runs kept at most: a job that starts runs with fresh ids and never ends them is bounded.
   */
  public static final int MAX_OPEN_RUNS = 64;

  public HeartbeatState {
    Objects.requireNonNull(since, "since");
    lastPing = lastPing.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(lastPing));
    openRuns = Map.copyOf(openRuns);
  }

  /** A target nobody has pinged yet, watched from {@code since}. */
  public static HeartbeatState fresh(Instant since) {
    return new HeartbeatState(since, Map.of(), Map.of(), null);
  }

  /** The latest ping of any kind, or null. */
  public Instant lastAnyPing() {
    return lastPing.values().stream().max(Comparator.naturalOrder()).orElse(null);
  }

  public boolean neverPinged() {
    return lastPing.isEmpty();
  }

  /** The state after {@code ping}. */
  public HeartbeatState apply(Ping ping) {
    Map<Kind, Instant> pings = new EnumMap<>(Kind.class);
    pings.putAll(lastPing);
    pings.put(ping.kind(), ping.at());
    Map<String, Instant> runs = new LinkedHashMap<>(openRuns);
    if (ping.kind() == Kind.START) {
      runs.put(ping.rid(), ping.at());
      while (runs.size() > MAX_OPEN_RUNS) {
        runs.remove(oldest(runs));
      }
      return new HeartbeatState(since, pings, runs, lastRun);
    }
    Instant started = runs.remove(endedRun(runs, ping.rid()));
    LastRun ended =
        new LastRun(
            started,
            ping.at(),
            ping.kind() == Kind.SUCCESS,
            ping.exitStatus(),
            ping.log(),
            ping.logCut());
    return new HeartbeatState(since, pings, runs, ended);
  }

  /**
   * The open run an end ping closes: the one with its run id; without an id, the run started
   * without one, or else the newest (a wrapper that sends an id only with its start). An end with
   * an id no start carried closes nothing: a run of unknown length.
   */
  private static String endedRun(Map<String, Instant> runs, String rid) {
    if (!rid.isEmpty() || runs.containsKey("")) {
      return rid;
    }
    return runs.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse("");
  }

  private static String oldest(Map<String, Instant> runs) {
    return runs.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  /**
   * How the last run ended.
   *
   * @param started when its start ping came, or null when none did (a run of unknown length)
   * @param ok a success (or exit status 0)
   * @param exitStatus the reported exit status, or null
   * @param log the request body of the end ping
   * @param logCut bytes of the body cut off past {@link Ping#MAX_LOG_BYTES}
   */
  public record LastRun(
      Instant started, Instant ended, boolean ok, Integer exitStatus, String log, long logCut) {
    public LastRun {
      Objects.requireNonNull(ended, "ended");
      log = log == null ? "" : log;
    }

    /** How long it ran, or null when its start is unknown (or came after its end). */
    public Duration duration() {
      if (started == null || started.isAfter(ended)) {
        return null;
      }
      return Duration.between(started, ended);
    }
  }
}
