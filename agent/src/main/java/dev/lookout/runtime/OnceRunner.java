package dev.lookout.runtime;

import dev.lookout.config.Config;
import dev.lookout.config.Target;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.metrics.LookoutMetrics;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.schedule.Scheduler;
import dev.lookout.status.TargetStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Probes every target once ({@code lookout once}, the CI launch gate) through the same scheduler,
 * guarded probes, evaluation and status path as the daemon, at most {@code max_in_flight} at a
 * time. A probe that breaks or hangs still ends as a failed target with a reason, within its
 * timeout plus the guard's grace, so {@code once} always ends.
 */
public final class OnceRunner {
  private final Vertx vertx;
  private final Config config;
  private final HostResolver resolver;
  private final String version;
  private final Supplier<Probes> probes;
  private int samples = DEFAULT_SAMPLES;

  /** Samples of a target whose expectations judge its latency window ({@code --samples}). */
  public static final int DEFAULT_SAMPLES = Quantiles.MIN_JUDGED;

  public OnceRunner(Vertx vertx, Config config, HostResolver resolver, String version) {
    this(
        vertx,
        config,
        resolver,
        version,
        () -> new Probes(vertx, resolver, "Lookout/" + version, config.agent().stateDir()));
  }

  /**
   * How many samples a target with {@code p95_below}/{@code p99_below} gets, after one warm-up
   * probe that is not counted (a first request pays for connection set-up and a cold JIT); other
   * targets are probed once.
   */
  public OnceRunner samples(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("samples must be at least 1");
    }
    this.samples = n;
    return this;
  }

  /**
   * @param probes makes the probes of the run, on its event loop (tests: {@link Probes#of})
   */
  public OnceRunner(
      Vertx vertx, Config config, HostResolver resolver, String version, Supplier<Probes> probes) {
    this.vertx = vertx;
    this.config = config;
    this.resolver = resolver;
    this.version = version;
    this.probes = probes;
  }

  /** The status of every target of this shard after one probe each, in config order. */
  public Future<List<TargetStatus>> run() {
    Promise<List<TargetStatus>> done = Promise.promise();
    Context context = vertx.getOrCreateContext();
    Warmup.run(vertx, resolver, config)
        .onComplete(w -> context.runOnContext(v -> new Batch(done).start()));
    return done.future();
  }

  /** The state of one run, confined to its context. */
  private final class Batch {
    private final Promise<List<TargetStatus>> done;
    private final LookoutMetrics metrics = new LookoutMetrics(config.agent().labels(), version);
    private final Probes probes = OnceRunner.this.probes.get();
    private final Map<String, TargetRuntime> runtimes = new LinkedHashMap<>();
    private final Scheduler scheduler;

    /** Probes still to run per target: the warm-up (not counted) and then the samples. */
    private final Map<String, Integer> left = new java.util.HashMap<>();

    private int reported;

    Batch(Promise<List<TargetStatus>> done) {
      this.done = done;
      for (Target t : config.targets()) {
        if (Sharding.owns(config.agent().shard(), t.name())) {
          runtimes.put(t.name(), new TargetRuntime(t, metrics.forTarget(t), Clock.systemUTC()));
          left.put(t.name(), t.check().judgesWindow() ? samples + 1 : 1);
        }
      }
      scheduler =
          new Scheduler(
              vertx,
              config.agent().maxInFlight(),
              java.time.Duration.ZERO, // once runs start as soon as a slot is free
              new Random(),
              probes::run,
              this::onResult,
              Scheduler.SchedulerMetrics.NONE);
    }

    void start() {
      if (runtimes.isEmpty()) {
        finish();
        return;
      }
      runtimes.values().forEach(r -> scheduler.once(r.target()));
    }

    private void onResult(Target target, ProbeResult result) {
      int more = left.merge(target.name(), -1, Integer::sum);
      boolean warmUp = target.check().judgesWindow() && more == samples;
      if (!warmUp) {
        runtimes.get(target.name()).onResult(result);
      }
      if (more > 0) {
        scheduler.once(target);
      } else if (++reported == runtimes.size()) {
        finish();
      }
    }

    private void finish() {
      List<TargetStatus> out = runtimes.values().stream().map(TargetRuntime::status).toList();
      scheduler.stop();
      probes.close();
      metrics.close();
      done.complete(out);
    }
  }
}
