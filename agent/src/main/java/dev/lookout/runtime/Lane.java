package dev.lookout.runtime;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.AlertStateMachine;
import dev.lookout.config.Target;
import dev.lookout.metrics.LookoutMetrics;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.schedule.Scheduler;
import dev.lookout.status.TargetStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * One event loop's share of the targets: a scheduler, the probes and each target's runtime, all
 * confined to this verticle's context, so none of it needs locks. The agent runs one lane per core.
 */
final class Lane extends VerticleBase {
  private final LookoutMetrics metrics;
  private final HostResolver resolver;
  private final String userAgent;
  private final int maxInFlight;
  private final java.time.Duration startGrid;
  private final Clock clock;
  private final BiConsumer<Target, AlertEvent> alerts;
  private final BiConsumer<String, AlertStateMachine.Snapshot> states;
  private final Results results;
  private final java.util.function.Function<Class<?>, Object> services;

  /** Hears every judged result (uptime and SLO history); called on the lane's loop. */
  interface Results {
    void judged(Target target, ProbeResult result, boolean healthy);
  }

  private final java.nio.file.Path stateDir;
  private final Map<String, TargetRuntime> runtimes = new HashMap<>();
  private Scheduler scheduler;
  private Probes probes;

  Lane(
      LookoutMetrics metrics,
      HostResolver resolver,
      String userAgent,
      int maxInFlight,
      java.time.Duration startGrid,
      Clock clock,
      BiConsumer<Target, AlertEvent> alerts,
      BiConsumer<String, AlertStateMachine.Snapshot> states,
      java.nio.file.Path stateDir,
      Results results,
      java.util.function.Function<Class<?>, Object> services) {
    this.results = results;
    this.services = services;
    this.metrics = metrics;
    this.resolver = resolver;
    this.userAgent = userAgent;
    this.maxInFlight = maxInFlight;
    this.startGrid = startGrid;
    this.clock = clock;
    this.alerts = alerts;
    this.states = states;
    this.stateDir = stateDir;
  }

  @Override
  public Future<?> start() {
    probes = new Probes(vertx, resolver, userAgent, stateDir, services);
    scheduler =
        new Scheduler(
            vertx, maxInFlight, startGrid, new Random(), probes::run, this::onResult, metrics);
    return Future.succeededFuture();
  }

  /** How long a stopping lane lets running probes finish, so their results still count. */
  static final java.time.Duration DRAIN = java.time.Duration.ofSeconds(3);

  @Override
  public Future<?> stop() {
    scheduler.stop();
    return scheduler
        .idle(DRAIN)
        .onComplete(
            v -> {
              runtimes.values().forEach(TargetRuntime::close);
              runtimes.clear();
              probes.close();
            });
  }

  /** Runs {@code action} on this lane's event loop and hands back its result. */
  <T> Future<T> call(java.util.function.Supplier<T> action) {
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    context.runOnContext(
        v -> {
          try {
            promise.complete(action.get());
          } catch (RuntimeException e) {
            promise.fail(e);
          }
        });
    return promise.future();
  }

  void add(Target target) {
    TargetRuntime existing = runtimes.get(target.name());
    if (existing != null
        && existing.target().check().equals(target.check())
        && existing.target().window().equals(target.window())) {
      existing.update(target);
      scheduler.update(target);
      return;
    }
    remove(target.name());
    runtimes.put(target.name(), new TargetRuntime(target, metrics.forTarget(target), clock));
    metrics.alertFiring(target.name(), false);
    scheduler.add(target);
  }

  /** Removes a target that left the config; a firing alert of it resolves with that reason. */
  void retire(String name) {
    TargetRuntime r = runtimes.get(name);
    if (r != null) {
      Optional<AlertEvent> event = r.retire();
      r.persistAlert(this::stateChanged);
      event.ifPresent(e -> alerts.accept(r.target(), e));
    }
    remove(name);
  }

  void remove(String name) {
    scheduler.remove(name);
    TargetRuntime r = runtimes.remove(name);
    if (r != null) {
      r.forgetAlert(states);
      metrics.alertGone(name);
      r.close();
    }
  }

  /** Carries a target on from the alert state a previous run persisted for it. */
  void restore(TargetRuntime r, AlertStateMachine.Snapshot s) {
    r.restoreAlert(s);
    metrics.alertFiring(r.target().name(), s.state() == AlertStateMachine.State.FIRING);
  }

  Collection<TargetRuntime> runtimes() {
    return runtimes.values();
  }

  /** Every target's latest snapshot, in no particular order. On the lane's loop. */
  java.util.List<TargetStatus> snapshots() {
    TargetStatus[] out = new TargetStatus[runtimes.size()];
    int i = 0;
    for (TargetRuntime r : runtimes.values()) {
      out[i++] = r.status();
    }
    return java.util.Arrays.asList(out);
  }

  private void onResult(Target target, ProbeResult result) {
    TargetRuntime runtime = runtimes.get(target.name());
    if (runtime != null) {
      TargetStatus before = runtime.snapshot();
      Optional<AlertEvent> event = runtime.onResult(result);
      TargetChanges.log(before, runtime.snapshot());
      results.judged(runtime.target(), result, runtime.healthy());
      // Recorded before anyone is told: the dispatcher waits for it to be durable before sending.
      runtime.persistAlert(this::stateChanged);
      event.ifPresent(e -> alerts.accept(runtime.target(), e));
    }
  }

  private void stateChanged(String target, AlertStateMachine.Snapshot s) {
    metrics.alertFiring(target, s != null && s.state() == AlertStateMachine.State.FIRING);
    states.accept(target, s);
  }
}
