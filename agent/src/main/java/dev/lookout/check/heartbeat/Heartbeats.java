package dev.lookout.check.heartbeat;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat targets of the running config and what each has reported. The ping API writes here,
 * the judgement reads here; both may run on different event loops, so the state of each target is
 * an immutable value swapped atomically. Every ping is applied at once (the next evaluation sees
 * it) and then made durable.
 */
public final class Heartbeats {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

  private final HeartbeatStore store;
  private final Clock clock;
  private final Map<String, HeartbeatCheck> checks = new ConcurrentHashMap<>();
  private final Map<String, HeartbeatState> states = new ConcurrentHashMap<>();

  public Heartbeats(HeartbeatStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Takes the heartbeat targets of a (re)loaded config: a target seen before keeps its state, one
   * with stored state resumes it (a restart does not reset its clock), a new one is watched from
   * now and that is stored at once, so its first deadline survives a restart too. Targets that left
   * the config are forgotten here; their files stay.
   */
  public Future<Void> configure(Map<String, HeartbeatCheck> targets) {
    checks.keySet().retainAll(targets.keySet());
    states.keySet().retainAll(targets.keySet());
    checks.putAll(targets);
    List<Future<Void>> loads =
        targets.keySet().stream().filter(t -> !states.containsKey(t)).map(this::resume).toList();
    return Future.join(loads).mapEmpty();
  }

  private Future<Void> resume(String target) {
    return store
        .load(target)
        .recover(
            e -> {
              LOG.warn("heartbeat {}: {}; watching it afresh from now", target, e.getMessage());
              return Future.succeededFuture(null);
            })
        .compose(
            stored -> {
              if (stored != null) {
                states.putIfAbsent(target, stored);
                return Future.succeededFuture();
              }
              HeartbeatState fresh = HeartbeatState.fresh(clock.instant());
              HeartbeatState kept = states.putIfAbsent(target, fresh);
              return kept != null ? Future.succeededFuture() : store.save(target, fresh);
            });
  }

  /** The check of a configured heartbeat target, or null when there is none by that name. */
  public HeartbeatCheck check(String target) {
    return checks.get(target);
  }

  /** The target's state, or null before {@link #configure} has loaded it. */
  public HeartbeatState state(String target) {
    return states.get(target);
  }

  /**
   * Applies a ping to a configured target's state at once, then stores it; the future completes
   * with the new state once it is durable (and fails, the state still applied, when it cannot be).
   */
  public Future<HeartbeatState> record(String target, Ping ping) {
    if (!checks.containsKey(target)) {
      return Future.failedFuture(new IllegalArgumentException("no heartbeat target " + target));
    }
    HeartbeatState next =
        states.compute(
            target, (t, now) -> (now == null ? HeartbeatState.fresh(ping.at()) : now).apply(ping));
    return store.save(target, next).map(next);
  }
}
