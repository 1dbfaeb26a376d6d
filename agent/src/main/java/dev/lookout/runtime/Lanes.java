package dev.lookout.runtime;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.AlertStateMachine;
import dev.lookout.config.Config;
import dev.lookout.config.Target;
import dev.lookout.metrics.LookoutMetrics;
import dev.lookout.probe.HostResolver;
import dev.lookout.status.StatusView;
import dev.lookout.status.TargetStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The lanes that probe, and which target runs on which: a target's lane is fixed by its name, so a
 * reload finds its runtime (history, alert state) where it left it. Alert states a previous run
 * left are handed to each target's new runtime once, when it first appears.
 */
final class Lanes {
  private final Vertx vertx;
  private final List<Lane> lanes = new ArrayList<>();

  /** Each lane's deployment id, added on whichever thread completes that lane's deployment. */
  private final List<String> deployments = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final Map<String, AlertStateMachine.Snapshot> restored = new ConcurrentHashMap<>();
  private final BiConsumer<Target, AlertStateMachine.Snapshot> onRestored;

  /**
   * {@code alerts} receives every alert event (on a lane's loop), {@code states} every alert state
   * change, {@code onRestored} each restored state once it is handed to its target.
   */
  Lanes(
      Vertx vertx,
      int count,
      int perLane,
      java.time.Duration startGrid,
      LookoutMetrics metrics,
      HostResolver resolver,
      String userAgent,
      Clock clock,
      BiConsumer<Target, AlertEvent> alerts,
      BiConsumer<String, AlertStateMachine.Snapshot> states,
      BiConsumer<Target, AlertStateMachine.Snapshot> onRestored,
      Path stateDir,
      Lane.Results results,
      java.util.function.Function<Class<?>, Object> services) {
    this.vertx = vertx;
    this.onRestored = onRestored;
    for (int i = 0; i < count; i++) {
      lanes.add(
          new Lane(
              metrics, resolver, userAgent, perLane, startGrid, clock, alerts, states, stateDir,
              results, services));
    }
  }

  /** The states a previous run left, by target name: handed out as targets appear. */
  void restore(Map<String, AlertStateMachine.Snapshot> states) {
    restored.putAll(states);
  }

  Future<Void> deploy() {
    List<Future<String>> deployed = new ArrayList<>();
    lanes.forEach(l -> deployed.add(vertx.deployVerticle(l).onSuccess(deployments::add)));
    return Future.all(deployed).mapEmpty();
  }

  /** Adds, updates and removes targets across lanes: the ones this agent's shard owns. */
  Future<Void> apply(Config next) {
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
                      Set<String> keep =
                          targets.stream().map(Target::name).collect(Collectors.toSet());
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
        onRestored.accept(r.target(), s);
      }
    }
  }

  private Lane laneOf(String target) {
    return lanes.get(Math.floorMod(target.hashCode(), lanes.size()));
  }

  /**
   * Every target's latest snapshot in no particular order, collected on each lane's loop: a lane's
   * share at a time, nothing copied or sorted there.
   */
  Future<List<TargetStatus>> snapshots() {
    List<Future<List<TargetStatus>>> parts = new ArrayList<>();
    for (Lane lane : lanes) {
      parts.add(lane.call(lane::snapshots));
    }
    return Future.all(parts)
        .map(
            all -> {
              if (parts.size() == 1) {
                return parts.get(0).result();
              }
              int n = 0;
              for (Future<List<TargetStatus>> p : parts) {
                n += p.result().size();
              }
              List<TargetStatus> out = new ArrayList<>(n);
              for (Future<List<TargetStatus>> p : parts) {
                out.addAll(p.result());
              }
              return out;
            });
  }

  /** Every target's latest snapshot, failing ones first, then by name. */
  Future<List<TargetStatus>> statuses() {
    return snapshots()
        .map(
            list -> {
              List<TargetStatus> out = new ArrayList<>(list);
              out.sort(StatusView.ORDER);
              return out;
            });
  }

  /** Stops probing; never fails (a lane that will not undeploy is left to the JVM's exit). */
  Future<Void> undeploy() {
    List<Future<Void>> undeployed = new ArrayList<>();
    for (String id : deployments) {
      undeployed.add(vertx.undeploy(id));
    }
    deployments.clear();
    lanes.clear();
    return Future.join(undeployed).transform(r -> Future.<Void>succeededFuture());
  }
}
