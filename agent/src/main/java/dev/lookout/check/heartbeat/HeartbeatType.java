package dev.lookout.check.heartbeat;

import dev.lookout.check.CheckType;
import dev.lookout.check.ProbeContext;
import dev.lookout.check.TargetCheck;
import dev.lookout.config.MapReader;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code heartbeat} check: jobs report in through the ping API, and the agent judges on its own
 * schedule what they reported (or failed to). Its "probe" reads the live state the pings left in
 * the agent's {@link Heartbeats}; without one (no running agent behind the probe) a heartbeat
 * target fails with a reason rather than passing on no evidence.
 */
public final class HeartbeatType implements CheckType<HeartbeatCheck, HeartbeatObservation> {
  @Override
  public String key() {
    return HeartbeatCheck.TYPE;
  }

  @Override
  public Class<HeartbeatCheck> specClass() {
    return HeartbeatCheck.class;
  }

  @Override
  public Class<HeartbeatObservation> observationClass() {
    return HeartbeatObservation.class;
  }

  @Override
  public HeartbeatCheck parse(MapReader check, MapReader expect) {
    return new HeartbeatCheckParser().parse(check, expect);
  }

  @Override
  public Probe probe(ProbeContext context) {
    Heartbeats heartbeats = context.service(Heartbeats.class);
    if (heartbeats != null) {
      return new HeartbeatProbe(heartbeats::state, context.clock());
    }
    return stored(context);
  }

  /**
   * Without a running agent ({@code lookout once}, {@code lookout report}), the pings the agent on
   * this host stored in the state directory are judged; with none stored, the target fails with a
   * reason rather than passing on no evidence.
   */
  private static Probe stored(ProbeContext context) {
    HeartbeatStore store = new HeartbeatStore(context.vertx(), context.stateDir());
    return target -> {
      Instant now = context.clock().instant();
      return store
          .load(target.name())
          .map(
              state ->
                  state == null
                      ? ProbeResult.failed(
                          now,
                          Duration.ZERO,
                          "no pings stored in "
                              + store.file(target.name()).getParent()
                              + ": a heartbeat is judged by the pings the running agent"
                              + " received (run this where the agent keeps agent.state_dir)")
                      : ProbeResult.answered(now, Duration.ZERO, new HeartbeatObservation(state)))
          .otherwise(e -> ProbeResult.failed(now, Duration.ZERO, e.getMessage()));
    };
  }

  @Override
  public boolean usesTls(HeartbeatCheck spec) {
    return false;
  }

  @Override
  public TargetCheck<HeartbeatObservation> target(Target target, HeartbeatCheck spec) {
    return new HeartbeatTarget(spec);
  }
}
