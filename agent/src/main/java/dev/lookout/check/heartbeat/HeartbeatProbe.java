package dev.lookout.check.heartbeat;

import dev.lookout.config.Target;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * The heartbeat's side of the probe loop: nothing goes on the wire; each run takes the target's
 * state as the pings left it, so the judgement runs on the agent's schedule like any probe's.
 */
public final class HeartbeatProbe implements Probe {
  private final Function<String, HeartbeatState> states;
  private final Clock clock;

  /**
   * @param states the live state of a target by name (normally {@link Heartbeats#state}); null
   *     before it is loaded, which reads as a target watched from now
   */
  public HeartbeatProbe(Function<String, HeartbeatState> states, Clock clock) {
    this.states = states;
    this.clock = clock;
  }

  @Override
  public Future<ProbeResult> run(Target target) {
    Instant now = clock.instant();
    HeartbeatState state = states.apply(target.name());
    return Future.succeededFuture(
        ProbeResult.answered(
            now,
            Duration.ZERO,
            new HeartbeatObservation(state == null ? HeartbeatState.fresh(now) : state)));
  }
}
