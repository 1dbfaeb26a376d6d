package dev.lookout.check.heartbeat;

import dev.lookout.check.CheckType;
import dev.lookout.check.ProbeContext;
import dev.lookout.check.TargetCheck;
import dev.lookout.config.MapReader;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Future;
import java.time.Duration;

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
    if (heartbeats == null) {
      return target ->
          Future.succeededFuture(
              ProbeResult.failed(
                  context.clock().instant(),
                  Duration.ZERO,
                  "heartbeats are judged by the running agent that receives the pings"));
    }
    return new HeartbeatProbe(heartbeats::state, context.clock());
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
