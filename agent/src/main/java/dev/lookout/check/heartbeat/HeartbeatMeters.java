package dev.lookout.check.heartbeat;

import dev.lookout.check.heartbeat.HeartbeatState.LastRun;
import dev.lookout.check.heartbeat.Ping.Kind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The heartbeat series: when each kind of ping last came, how long the last run took, and how many
 * pings came by result. Tokens never reach a label; a ping for a target that does not exist is
 * counted with an empty {@code target} label, since its name is whatever a stranger sent.
 */
public final class HeartbeatMeters implements AutoCloseable {
  public static final String LAST_PING = "lookout_heartbeat_last_ping_timestamp_seconds";
  public static final String RUN_DURATION = "lookout_heartbeat_run_duration_seconds";
  public static final String PINGS = "lookout_heartbeat_pings";

  private final MeterRegistry registry;
  private final Map<String, Target> targets = new ConcurrentHashMap<>();

  public HeartbeatMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** What a ping came to, the {@code result} label of {@code lookout_heartbeat_pings_total}. */
  public enum Result {
    OK("ok"),
    FAIL("fail"),
    UNAUTHORIZED("unauthorized"),
    UNKNOWN("unknown");

    private final String key;

    Result(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** Registers a target's series; the state is read at scrape time, never copied. */
  public void watch(String target, java.util.function.Supplier<HeartbeatState> state) {
    targets.computeIfAbsent(target, t -> new Target(t, state));
  }

  /** Counts one ping. */
  public void counted(String target, Result result) {
    String label = result == Result.UNKNOWN ? "" : target;
    Counter.builder(PINGS)
        .description("Pings received by the heartbeat API, by result")
        .tag("target", label)
        .tag("result", result.key())
        .register(registry)
        .increment();
  }

  /** Drops every series of a target that left the config. */
  public void forget(String target) {
    Target t = targets.remove(target);
    if (t != null) {
      t.close();
    }
    for (Meter m : List.copyOf(registry.find(PINGS).tag("target", target).meters())) {
      registry.remove(m);
    }
  }

  @Override
  public void close() {
    for (String t : List.copyOf(targets.keySet())) {
      forget(t);
    }
  }

  private final class Target implements AutoCloseable {
    private final List<Meter> meters = new ArrayList<>();

    Target(String name, java.util.function.Supplier<HeartbeatState> state) {
      for (Kind kind : Kind.values()) {
        meters.add(
            Gauge.builder(LAST_PING, state, s -> seconds(s.get(), kind))
                .description("When the last ping of this kind came, as a Unix time")
                .tag("target", name)
                .tag("kind", kind.key())
                .strongReference(true)
                .register(registry));
      }
      meters.add(
          Gauge.builder(RUN_DURATION, state, s -> duration(s.get()))
              .description("How long the last run took, from its start ping to its end ping")
              .tag("target", name)
              .strongReference(true)
              .register(registry));
    }

    @Override
    public void close() {
      meters.forEach(registry::remove);
    }
  }

  private static double seconds(HeartbeatState s, Kind kind) {
    Instant at = s == null ? null : s.lastPing().get(kind);
    return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
  }

  private static double duration(HeartbeatState s) {
    LastRun last = s == null ? null : s.lastRun();
    Duration d = last == null ? null : last.duration();
    return d == null ? Double.NaN : d.toNanos() / 1e9;
  }
}
