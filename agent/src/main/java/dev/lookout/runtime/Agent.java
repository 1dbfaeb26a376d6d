package dev.lookout.runtime;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.LogNotifier;
import dev.lookout.alert.Notifier;
import dev.lookout.config.Config;
import dev.lookout.config.NotifierConfig;
import dev.lookout.config.Target;
import dev.lookout.metrics.LookoutMetrics;
import dev.lookout.metrics.StatusServer;
import dev.lookout.probe.HostResolver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: lanes that probe, the metrics and status endpoints, and the notifiers. Built
 * from a {@link Config}; {@link #apply} swaps in a new one while keeping the history and alert
 * state of every target whose check did not change.
 */
public final class Agent {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final Vertx vertx;
  private final LookoutMetrics metrics;
  private final HostResolver resolver;
  private final String version;
  private final Clock clock;
  private final List<Lane> lanes = new ArrayList<>();
  private final List<String> deployments = new ArrayList<>();
  private final Map<String, Notifier> notifiers = new HashMap<>();
  private volatile Config config;
  private volatile boolean ready;
  private StatusServer server;

  public Agent(Vertx vertx, Config config, HostResolver resolver, String version, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.resolver = resolver;
    this.version = version;
    this.clock = clock;
    this.metrics = new LookoutMetrics(config.agent().labels(), version);
  }

  public LookoutMetrics metrics() {
    return metrics;
  }

  public Config config() {
    return config;
  }

  public String version() {
    return version;
  }

  public boolean ready() {
    return ready;
  }

  /** The port the status server listens on (useful when the config asked for port 0). */
  public int port() {
    return server.port();
  }

  /** Starts {@code laneCount} lanes (one per core is the default) and the HTTP endpoints. */
  public Future<Agent> start(int laneCount) {
    int perLane = Math.max(1, config.agent().maxInFlight() / laneCount);
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < laneCount; i++) {
      Lane lane =
          new Lane(
              metrics,
              resolver,
              "Lookout/" + version,
              perLane,
              clock,
              this::alert,
              config.agent().stateDir());
      lanes.add(lane);
      deployed.add(vertx.deployVerticle(lane).onSuccess(deployments::add));
    }
    server = new StatusServer(vertx, metrics, this);
    return Warmup.run(vertx, resolver)
        .compose(w -> Future.all(deployed))
        .compose(v -> server.listen(config.agent().listen()))
        .compose(v -> apply(config))
        .map(
            v -> {
              ready = true;
              return this;
            });
  }

  /** Applies a config: adds, updates and removes targets across lanes. */
  public Future<Void> apply(Config next) {
    this.config = next;
    notifiers.clear();
    for (NotifierConfig n : next.notifiers().values()) {
      if (n instanceof NotifierConfig.Log log) {
        notifiers.put(log.name(), new LogNotifier(log.name()));
      }
    }
    notifiers.putIfAbsent("log", new LogNotifier("log"));
    Map<Lane, List<Target>> byLane = new LinkedHashMap<>();
    lanes.forEach(l -> byLane.put(l, new ArrayList<>()));
    for (Target t : next.targets()) {
      if (Sharding.owns(next.agent().shard(), t.name())) {
        byLane.get(laneOf(t.name())).add(t);
      }
    }
    List<Future<Void>> applied = new ArrayList<>();
    byLane.forEach(
        (lane, targets) ->
            applied.add(
                lane.call(
                    () -> {
                      java.util.Set<String> keep =
                          targets.stream()
                              .map(Target::name)
                              .collect(java.util.stream.Collectors.toSet());
                      new ArrayList<>(lane.runtimes())
                          .stream()
                              .map(r -> r.target().name())
                              .filter(n -> !keep.contains(n))
                              .forEach(lane::remove);
                      targets.forEach(lane::add);
                      return null;
                    })));
    return Future.all(applied).mapEmpty();
  }

  private Lane laneOf(String target) {
    return lanes.get(Math.floorMod(target.hashCode(), lanes.size()));
  }

  private void alert(Target target, AlertEvent event) {
    for (String name : target.alert().notifierNames()) {
      Notifier n = notifiers.get(name);
      if (n != null) {
        n.send(event).onFailure(e -> LOG.error("notifier \"{}\" failed: {}", name, e.getMessage()));
      }
    }
  }

  /** Every target's latest snapshot, failing ones first, then by name. */
  public Future<List<TargetStatus>> statuses() {
    List<Future<List<TargetStatus>>> parts = new ArrayList<>();
    for (Lane lane : lanes) {
      parts.add(lane.call(() -> lane.runtimes().stream().map(TargetRuntime::status).toList()));
    }
    return Future.all(parts)
        .map(
            all -> {
              List<TargetStatus> out = new ArrayList<>();
              for (int i = 0; i < parts.size(); i++) {
                out.addAll(parts.get(i).result());
              }
              out.sort(
                  Comparator.comparing((TargetStatus s) -> s.healthy() || s.lastProbeAt() == null)
                      .thenComparing(TargetStatus::name));
              return out;
            });
  }

  public Future<Void> stop() {
    ready = false;
    List<Future<Void>> undeployed = new ArrayList<>();
    for (String id : deployments) {
      undeployed.add(vertx.undeploy(id));
    }
    deployments.clear();
    lanes.clear();
    return Future.join(undeployed)
        .compose(v -> server == null ? Future.succeededFuture() : server.close())
        .onComplete(v -> metrics.close())
        .mapEmpty();
  }
}
