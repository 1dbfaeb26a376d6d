package dev.lookout.check.heartbeat;

import dev.lookout.config.Config;
import dev.lookout.config.Target;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the running agent holds for heartbeats, in one piece: the live ping state (handed to the
 * lanes' probes as a service), the ping API to mount on the listener, and the meters, kept in step
 * with each (re)loaded config. The agent names none of the heartbeat's parts but this one.
 */
public final class HeartbeatService {
  private final Heartbeats heartbeats;
  private final HeartbeatMeters meters;
  private final PingApi api;
  private final Set<String> watched = new HashSet<>();

  public HeartbeatService(Vertx vertx, Path stateDir, Clock clock, MeterRegistry registry) {
    this.heartbeats = new Heartbeats(new HeartbeatStore(vertx, stateDir), clock);
    this.meters = new HeartbeatMeters(registry);
    this.api = new PingApi(vertx, heartbeats, meters, clock);
  }

  /** The live state the heartbeat probes read. */
  public Heartbeats heartbeats() {
    return heartbeats;
  }

  /** The ping API, to mount at {@code /ping/*}. */
  public Router router() {
    return api.router();
  }

  /**
   * Takes a (re)loaded config. Every heartbeat target of it takes pings here, whichever shard
   * judges it: a sender pings every agent, and each keeps the state, so a shard or an HA peer never
   * misses a ping.
   */
  public Future<Void> configure(Config config) {
    Map<String, HeartbeatCheck> checks = new LinkedHashMap<>();
    for (Target t : config.targets()) {
      if (t.check() instanceof HeartbeatCheck h) {
        checks.put(t.name(), h);
      }
    }
    for (String gone : new ArrayList<>(watched)) {
      if (!checks.containsKey(gone)) {
        meters.forget(gone);
        watched.remove(gone);
      }
    }
    for (String name : checks.keySet()) {
      if (watched.add(name)) {
        meters.watch(name, () -> heartbeats.state(name));
      }
    }
    return heartbeats.configure(checks);
  }
}
