package dev.lookout.runtime;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.AlertLinks;
import dev.lookout.alert.Backoff;
import dev.lookout.alert.Dispatcher;
import dev.lookout.alert.Notification;
import dev.lookout.check.heartbeat.HeartbeatService;
import dev.lookout.check.heartbeat.Heartbeats;
import dev.lookout.config.Config;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.incident.IncidentApi;
import dev.lookout.incident.IncidentLog;
import dev.lookout.incident.Incidents;
import dev.lookout.metrics.LookoutMetrics;
import dev.lookout.probe.HostResolver;
import dev.lookout.schedule.Overload;
import dev.lookout.slo.BurnEvent;
import dev.lookout.slo.SloMeters;
import dev.lookout.slo.SloStore;
import dev.lookout.slo.SloTracker;
import dev.lookout.state.Outbox;
import dev.lookout.state.StateDirectory;
import dev.lookout.state.StateHealth;
import dev.lookout.status.TargetStatus;
import dev.lookout.status.UptimeView;
import dev.lookout.web.StatusServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The running agent, assembled from its parts: {@link Lanes} that probe, the {@link
 * NotifierRegistry} and the dispatcher that delivers alerts through the durable outbox, the {@link
 * AlertStates} journal, and the HTTP endpoints. Built from a {@link Config}; {@link #apply} swaps
 * in a new one while keeping the history and alert state of every target whose check did not
 * change. Alert states are persisted in the state directory, so a restart neither re-announces a
 * firing alert nor forgets one that must still resolve.
 */
public final class Agent {
  private final Vertx vertx;
  private final LookoutMetrics metrics;
  private final HostResolver resolver;
  private final String version;
  private final Clock clock;
  private final Backoff backoff;
  private final NotifierRegistry notifiers;
  private volatile Config config;
  private volatile boolean ready;
  private final Readiness readiness = new Readiness();
  private Lanes lanes;
  private StatusServer server;
  private Dispatcher dispatcher;
  private String dispatcherDeployment;
  private AlertStates alertStates;
  private final SloTracker slo;
  private SloStore sloStore;
  private long burnTimer = -1;
  private long warmUpTimer = -1;
  private HeartbeatService heartbeats;
  private final AlertLinks links;
  private Incidents incidents;
  private String incidentsDeployment;

  private static final long STATUS_WARMUP_DELAY_MILLIS = 1000;

  /** The uptime of every owned target as the status surfaces show it, refreshed every 15 s. */
  private volatile Map<String, UptimeView> uptimes = Map.of();

  /** How often the SLO burn windows are judged (on a worker: it reads every target's history). */
  static final long BURN_CHECK_MILLIS = 15_000;

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
    this.links =
        new AlertLinks(clock).configure(config.agent().publicUrl(), config.agent().ackSecret());
    this.notifiers = new NotifierRegistry(vertx, links);
    this.metrics = new LookoutMetrics(config.agent().labels(), version, clock);
    this.slo = new SloTracker(clock);
    metrics
        .registry()
        .getPrometheusRegistry()
        .register(new SloMeters(slo, config.agent().labels()));
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
    java.nio.file.Path stateDir = config.agent().stateDir();
    lanes = newLanes(laneCount, stateDir);
    assembleAlerting(stateDir);
    mountSurfaces();
    // The JVM warm-up runs beside the rest of the start-up; targets are applied (and so first
    // probed) only once both are done.
    Future<Void> warm = Warmup.run(vertx, resolver, config);
    // The lanes need nothing from the state directory: they deploy while it is checked and read.
    // Alert states and the uptime history are read side by side, both before any target is
    // applied, so a target's first result lands on what the previous run left.
    Future<Void> laned = lanes.deploy();
    Future<Void> restored =
        vertx
            .executeBlocking(
                () -> {
                  StateDirectory.prepare(stateDir);
                  return null;
                },
                false)
            .compose(
                w -> {
                  slo.configure(owned(config));
                  return Future.all(alertStates.load().onSuccess(lanes::restore), sloStore.load());
                })
            .compose(v -> vertx.deployVerticle(dispatcher))
            .onSuccess(id -> dispatcherDeployment = id)
            .compose(v -> vertx.deployVerticle(incidents))
            .onSuccess(id -> incidentsDeployment = id)
            .mapEmpty();
    return Future.all(laned, restored)
        .compose(v -> server.listen(config.agent().listen()))
        .compose(v -> warm)
        .compose(v -> apply(config))
        .compose(v -> refreshUptime())
        .map(
            v -> {
              burnTimer = vertx.setPeriodic(BURN_CHECK_MILLIS, id -> judgeBurn());
              // The first probes go out first; a second later the status surfaces are compiled on
              // a worker, so a page opened right after a deploy answers as fast as the next.
              warmUpTimer = vertx.setTimer(STATUS_WARMUP_DELAY_MILLIS, id -> server.warmUp());
              ready = true;
              return this;
            });
  }

  /** The lanes that probe, wired to alerting, the alert-state journal and the SLO history. */
  private Lanes newLanes(int laneCount, java.nio.file.Path stateDir) {
    return new Lanes(
        vertx,
        laneCount,
        Math.max(1, config.agent().maxInFlight() / laneCount),
        config.agent().startGrid(),
        metrics,
        resolver,
        "Lookout/" + version,
        clock,
        this::alert,
        (target, state) -> alertStates.changed(target, state),
        (target, state) -> notifiers.stillFiring(target, state, clock.instant()),
        stateDir,
        (target, result, healthy) ->
            slo.record(
                target.name(),
                result.startedAt(),
                healthy,
                result.answered(),
                result.seconds(),
                target.interval()),
        type -> type == Heartbeats.class ? heartbeats.heartbeats() : null);
  }

  /**
   * Heartbeats, the state directory's health, the alert-state journal, the SLO store, and the
   * dispatcher and incident desk that deliver alerts through the durable outbox.
   */
  private void assembleAlerting(java.nio.file.Path stateDir) {
    heartbeats = new HeartbeatService(vertx, stateDir, clock, metrics.registry());
    StateHealth stateHealth = new StateHealth(stateDir);
    metrics.stateWritable(stateHealth::writable);
    readiness.check("state_dir", stateHealth::problem);
    alertStates = new AlertStates(vertx, stateDir, stateHealth);
    sloStore = new SloStore(vertx, stateDir, slo, stateHealth);
    dispatcher =
        new Dispatcher(
            new Outbox(vertx, stateDir, stateHealth),
            notifiers.routes(config),
            metrics,
            backoff,
            clock,
            () -> alertStates.durable());
    incidents =
        new Incidents(
            new IncidentLog(vertx, stateDir, stateHealth, clock),
            dispatcher::submit,
            clock,
            config);
    incidents.configure(config, notifiers::routesItself);
    dispatcher.listener(incidents.listener());
  }

  /** The status server with the heartbeat, acknowledgement and incident endpoints mounted. */
  private void mountSurfaces() {
    server = new StatusServer(vertx, new AgentSurface(this));
    server.mount("/ping/*", heartbeats.router());
    IncidentApi incidentApi =
        new IncidentApi(vertx, incidents, links, () -> this.config.agent().auth(), clock);
    server.mount("/ack/*", incidentApi.ackRouter());
    server.mount("/api/incidents/*", incidentApi.apiRouter());
  }

  /** Applies a config: adds, updates and removes targets across lanes. */
  public Future<Void> apply(Config next) {
    this.config = next;
    links.configure(next.agent().publicUrl(), next.agent().ackSecret());
    if (dispatcher != null) {
      dispatcher.routes(notifiers.routes(next));
    }
    if (incidents != null) {
      incidents.configure(next, notifiers::routesItself);
    }
    slo.configure(owned(next));
    // A reload that brings the first https target loads TLS off the event loop before it probes.
    return heartbeats
        .configure(next)
        .compose(v -> Warmup.tlsIfUsed(vertx, next))
        .compose(v -> lanes.apply(next));
  }

  private static List<Target> owned(Config c) {
    return c.targets().stream().filter(t -> Sharding.owns(c.agent().shard(), t.name())).toList();
  }

  /**
   * The SLO burn windows, judged on a worker; what starts or stops burning goes to the target's
   * notifiers like any of its alerts, named for the objective (its own incident, not the target's).
   */
  private void judgeBurn() {
    refreshUptime();
    vertx
        .executeBlocking(() -> slo.burnEvents(clock.instant()), false)
        .onSuccess(
            events -> {
              java.util.Map<String, Target> byName = new java.util.HashMap<>();
              config.targets().forEach(t -> byName.put(t.name(), t));
              for (BurnEvent b : events) {
                Target t = byName.get(b.target());
                if (t == null) {
                  continue;
                }
                alert(t, burnAlert(b, clock.instant()));
              }
            });
  }

  /** A burn alert that started or stopped, as an alert event of the target's. */
  private static AlertEvent burnAlert(BurnEvent b, java.time.Instant now) {
    return new AlertEvent(
        b.firing() ? AlertEvent.Kind.FIRING : AlertEvent.Kind.RESOLVED,
        // Its own name, so Alertmanager and receivers never confuse a burn alert with the
        // target's own: resolving one must not resolve the other.
        b.target() + "/" + b.alert(),
        b.severity(),
        List.of(new Finding(b.alert(), b.message())),
        b.firedAt(),
        b.firedAt(),
        now,
        b.firing() ? 1 : 2);
  }

  /**
   * Called on a lane's loop: hands the event to the incident desk (routes, holds, escalation, the
   * log), which hands it on to the dispatcher; both return at once.
   */
  private void alert(Target target, AlertEvent event) {
    incidents.event(target, event);
  }

  /** Sends a marked test notification through one notifier, bypassing grouping. */
  public Future<Void> testAlert(String notifier) {
    return dispatcher.sendNow(
        new Notification(Notification.newId(), notifier, clock.instant(), List.of(), true));
  }

  /** Every target's latest snapshot, failing ones first, then by name, with its uptime. */
  public Future<List<TargetStatus>> statuses() {
    Map<String, UptimeView> up = uptimes;
    return lanes
        .statuses()
        .map(
            list ->
                up.isEmpty()
                    ? list
                    : list.stream()
                        .map(s -> up.containsKey(s.name()) ? s.withUptime(up.get(s.name())) : s)
                        .toList());
  }

  /** Recomputes the uptime the status surfaces show now, not at the next 15 s refresh (tests). */
  Future<Void> refreshUptimeForTest() {
    return refreshUptime();
  }

  /** Recomputes every target's uptime and budgets for the status surfaces, on a worker. */
  private Future<Void> refreshUptime() {
    return vertx
        .executeBlocking(() -> UptimeViews.of(slo.uptimeAll()), false)
        .onSuccess(views -> uptimes = views)
        .mapEmpty();
  }

  /** Stops probing, stores undelivered notifications, saves alert states, and shuts down. */
  public Future<Void> stop() {
    ready = false;
    if (warmUpTimer >= 0) {
      vertx.cancelTimer(warmUpTimer);
    }
    if (burnTimer >= 0) {
      vertx.cancelTimer(burnTimer);
    }
    return Future.<Void>succeededFuture()
        .compose(v -> lanes == null ? Future.succeededFuture() : lanes.undeploy())
        // Lanes first, so every event they raised reaches the desk and the dispatcher, which
        // stores what it has not delivered when it stops.
        .compose(
            v ->
                incidentsDeployment == null
                    ? Future.succeededFuture()
                    : vertx.undeploy(incidentsDeployment).recover(e -> Future.succeededFuture()))
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
        .compose(
            v ->
                sloStore == null
                    ? Future.succeededFuture()
                    : sloStore.close().recover(e -> Future.succeededFuture()))
        .compose(v -> server == null ? Future.succeededFuture() : server.close())
        .onComplete(
            v -> {
              notifiers.closeAll();
              metrics.close();
            })
        .mapEmpty();
  }

  /** The lanes, once {@link #start} made them (the HTTP surface reads their snapshots). */
  Lanes lanes() {
    return lanes;
  }

  /** The uptime and budgets the status surfaces show, as the last refresh computed them. */
  Map<String, UptimeView> shownUptimes() {
    return uptimes;
  }

  /** The incident desk once it is deployed, else null. */
  Incidents deployedIncidents() {
    return incidentsDeployment == null ? null : incidents;
  }

  Clock clock() {
    return clock;
  }
}
