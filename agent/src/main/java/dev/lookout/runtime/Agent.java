package dev.lookout.runtime;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.AlertStateMachine;
import dev.lookout.alert.Backoff;
import dev.lookout.alert.Dispatcher;
import dev.lookout.alert.Notification;
import dev.lookout.alert.Notifier;
import dev.lookout.alert.NotifierContext;
import dev.lookout.alert.NotifierTypes;
import dev.lookout.config.Config;
import dev.lookout.config.NotifierConfig;
import dev.lookout.config.Target;
import dev.lookout.metrics.LookoutMetrics;
import dev.lookout.metrics.StatusServer;
import dev.lookout.probe.HostResolver;
import dev.lookout.schedule.Overload;
import dev.lookout.state.Outbox;
import dev.lookout.state.StateDirectory;
import dev.lookout.state.StateHealth;
import dev.lookout.status.TargetStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: lanes that probe, the metrics and status endpoints, and the dispatcher that
 * delivers alerts through the durable outbox. Built from a {@link Config}; {@link #apply} swaps in
 * a new one while keeping the history and alert state of every target whose check did not change.
 * Alert states are persisted in the state directory, so a restart neither re-announces a firing
 * alert nor forgets one that must still resolve.
 */
public final class Agent {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final Vertx vertx;
  private final LookoutMetrics metrics;
  private final HostResolver resolver;
  private final String version;
  private final Clock clock;
  private final Backoff backoff;
  private final List<Lane> lanes = new ArrayList<>();
  private final List<String> deployments = new ArrayList<>();
  private final Map<String, Notifier> notifiers = new ConcurrentHashMap<>();
  private final Map<String, NotifierConfig> notifierConfigs = new HashMap<>();
  private final Map<String, AlertStateMachine.Snapshot> restored = new ConcurrentHashMap<>();
  private volatile Config config;
  private volatile boolean ready;
  private final Readiness readiness = new Readiness();
  private StatusServer server;
  private Dispatcher dispatcher;
  private String dispatcherDeployment;
  private AlertStates alertStates;
  private StateHealth stateHealth;

  public Agent(Vertx vertx, Config config, HostResolver resolver, String version, Clock clock) {
    this(vertx, config, resolver, version, clock, Backoff.DEFAULT);
  }

  public Agent(
      Vertx vertx,
      Config config,
      HostResolver resolver,
      String version,
      Clock clock,
      Backoff backoff) {
    this.vertx = vertx;
    this.config = config;
    this.resolver = resolver;
    this.version = version;
    this.clock = clock;
    this.backoff = backoff;
    this.metrics = new LookoutMetrics(config.agent().labels(), version, clock);
    readiness.check(Overload.NAME, () -> metrics.overload().reason().orElse(null));
  }

  /** Why the agent is not ready besides starting up: {@code /readyz} and the status page. */
  public Readiness readiness() {
    return readiness;
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
              (target, state) -> alertStates.changed(target, state),
              config.agent().stateDir());
      lanes.add(lane);
    }
    stateHealth = new StateHealth(config.agent().stateDir());
    metrics.stateWritable(stateHealth::writable);
    readiness.check("state_dir", stateHealth::problem);
    alertStates = new AlertStates(vertx, config.agent().stateDir(), stateHealth);
    dispatcher =
        new Dispatcher(
            new Outbox(vertx, config.agent().stateDir(), stateHealth),
            routes(config),
            metrics,
            backoff,
            clock,
            () -> alertStates.durable());
    server = new StatusServer(vertx, metrics, this);
    // The JVM warm-up runs beside the rest of the start-up; targets are applied (and so first
    // probed) only once both are done.
    Future<Void> warm = Warmup.run(vertx, resolver, config);
    return usableStateDir(config.agent().stateDir())
        .compose(w -> alertStates.load())
        .onSuccess(restored::putAll)
        .compose(v -> vertx.deployVerticle(dispatcher))
        .onSuccess(id -> dispatcherDeployment = id)
        .compose(
            v -> {
              lanes.forEach(l -> deployed.add(vertx.deployVerticle(l).onSuccess(deployments::add)));
              return Future.all(deployed);
            })
        .compose(v -> server.listen(config.agent().listen()))
        .compose(v -> warm)
        .compose(v -> apply(config))
        .map(
            v -> {
              ready = true;
              return this;
            });
  }

  /**
   * The outbox and alert states live in the state directory: without it, "never lose a
   * notification" would be a lie, so the agent refuses to start and says what to change.
   */
  private Future<Void> usableStateDir(java.nio.file.Path dir) {
    return vertx.executeBlocking(
        () -> {
          try {
            java.nio.file.Files.createDirectories(dir);
            StateDirectory.removeLeftovers(dir);
            java.nio.file.Path probe =
                java.nio.file.Files.createTempFile(dir, ".write-test", ".tmp");
            java.nio.file.Files.delete(probe);
            return null;
          } catch (java.io.IOException e) {
            throw new IllegalStateException(
                "state_dir "
                    + dir
                    + " is not writable ("
                    + e.getClass().getSimpleName()
                    + "): set agent.state_dir to a directory Lookout may write",
                e);
          }
        },
        false);
  }

  /** Applies a config: adds, updates and removes targets across lanes. */
  public Future<Void> apply(Config next) {
    this.config = next;
    if (dispatcher != null) {
      dispatcher.routes(routes(next));
    }
    Map<Lane, List<Target>> byLane = new LinkedHashMap<>();
    lanes.forEach(l -> byLane.put(l, new ArrayList<>()));
    for (Target t : next.targets()) {
      if (Sharding.owns(next.agent().shard(), t.name())) {
        byLane.get(laneOf(t.name())).add(t);
      }
    }
    // A reload that brings the first https target loads TLS off the event loop before it probes.
    return Warmup.tlsIfUsed(vertx, next).compose(v -> applyTargets(byLane));
  }

  private Future<Void> applyTargets(Map<Lane, List<Target>> byLane) {
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
                              .forEach(lane::retire);
                      targets.forEach(lane::add);
                      restoreAlertStates(lane);
                      return null;
                    })));
    return Future.all(applied).mapEmpty();
  }

  /** Hands each new runtime the state a previous run left for it (once). */
  private void restoreAlertStates(Lane lane) {
    for (TargetRuntime r : lane.runtimes()) {
      AlertStateMachine.Snapshot s = restored.remove(r.target().name());
      if (s != null) {
        lane.restore(r, s);
        keepAliveInAlertmanager(r.target(), s);
      }
    }
  }

  /**
   * Alertmanager forgets an alert unless it is re-posted; after a restart the notifier has not
   * posted this one yet (it is not announced again), so hand it the restored alert to keep alive.
   */
  private void keepAliveInAlertmanager(Target target, AlertStateMachine.Snapshot s) {
    if (!s.announced() || s.state() != AlertStateMachine.State.FIRING) {
      return;
    }
    AlertEvent still =
        new AlertEvent(
            AlertEvent.Kind.FIRING,
            target.name(),
            target.alert().severity(),
            s.findings(),
            s.failingSince(),
            s.firedAt(),
            clock.instant(),
            s.sequence());
    for (String name : target.alert().notifierNames()) {
      Notifier n = notifiers.get(name);
      if (n != null) {
        n.stillFiring(still);
      }
    }
  }

  /**
   * Notifiers for a config. An unchanged notifier keeps its instance across a reload, so its
   * connections and (for Alertmanager) the alerts it keeps alive survive.
   */
  private Map<String, Dispatcher.Route> routes(Config next) {
    List<NotifierConfig> wanted =
        new ArrayList<>(NotifierConfig.running(next.notifiers()).values());
    Map<String, Dispatcher.Route> routes = new HashMap<>();
    Map<String, NotifierConfig> before = new HashMap<>(notifierConfigs);
    for (NotifierConfig n : wanted) {
      Notifier notifier = notifiers.get(n.name());
      if (notifier == null || !n.equals(before.get(n.name()))) {
        if (notifier != null) {
          notifier.close();
        }
        notifier = NotifierTypes.create(n, NotifierContext.of(vertx, next.agent().labels()));
        notifiers.put(n.name(), notifier);
        notifierConfigs.put(n.name(), n);
      }
      before.remove(n.name());
      routes.put(n.name(), new Dispatcher.Route(notifier, n.delivery()));
    }
    for (String gone : before.keySet()) {
      notifierConfigs.remove(gone);
      Notifier n = notifiers.remove(gone);
      if (n != null) {
        n.close();
      }
    }
    return routes;
  }

  private Lane laneOf(String target) {
    return lanes.get(Math.floorMod(target.hashCode(), lanes.size()));
  }

  /** Called on a lane's loop: hands the event to the dispatcher (which returns at once). */
  private void alert(Target target, AlertEvent event) {
    for (String name : target.alert().notifierNames()) {
      dispatcher.submit(name, event, target.alert().groupWait());
    }
  }

  /** Sends a marked test notification through one notifier, bypassing grouping. */
  public Future<Void> testAlert(String notifier) {
    return dispatcher.sendNow(
        new Notification(Notification.newId(), notifier, clock.instant(), List.of(), true));
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

  /** Stops probing, stores undelivered notifications, saves alert states, and shuts down. */
  public Future<Void> stop() {
    ready = false;
    return Future.<Void>succeededFuture()
        .compose(
            v -> {
              List<Future<Void>> undeployed = new ArrayList<>();
              for (String id : deployments) {
                undeployed.add(vertx.undeploy(id));
              }
              deployments.clear();
              lanes.clear();
              return Future.join(undeployed).transform(r -> Future.<Void>succeededFuture());
            })
        // Lanes first, so every event they raised reaches the dispatcher, which stores what it
        // has not delivered when it stops.
        .compose(
            v ->
                dispatcherDeployment == null
                    ? Future.succeededFuture()
                    : vertx.undeploy(dispatcherDeployment))
        .compose(
            v ->
                alertStates == null
                    ? Future.succeededFuture()
                    : alertStates.close().recover(e -> Future.succeededFuture()))
        .compose(v -> server == null ? Future.succeededFuture() : server.close())
        .onComplete(
            v -> {
              notifiers.values().forEach(Notifier::close);
              metrics.close();
            })
        .mapEmpty();
  }
}
