package dev.lookout.runtime;

import dev.lookout.config.Config;
import dev.lookout.config.Target;
import dev.lookout.metrics.LookoutMetrics;
import dev.lookout.probe.HostResolver;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Probes every target once ({@code lookout once}, the CI launch gate) through the same probes,
 * evaluation and status path as the daemon, at most {@code max_in_flight} at a time.
 */
public final class OnceRunner {
  private final Vertx vertx;
  private final Config config;
  private final HostResolver resolver;
  private final String version;

  public OnceRunner(Vertx vertx, Config config, HostResolver resolver, String version) {
    this.vertx = vertx;
    this.config = config;
    this.resolver = resolver;
    this.version = version;
  }

  /** The status of every target of this shard after one probe each, in config order. */
  public Future<List<TargetStatus>> run() {
    Promise<List<TargetStatus>> done = Promise.promise();
    Context context = vertx.getOrCreateContext();
    Warmup.run(vertx, resolver, config)
        .onComplete(w -> context.runOnContext(v -> new Batch(context, done).start()));
    return done.future();
  }

  /** The state of one run, confined to its context. */
  private final class Batch {
    private final Promise<List<TargetStatus>> done;
    private final LookoutMetrics metrics = new LookoutMetrics(config.agent().labels(), version);
    private final Probes probes;
    private final List<TargetRuntime> runtimes = new ArrayList<>();
    private final Deque<TargetRuntime> queue = new ArrayDeque<>();
    private int running;

    Batch(Context context, Promise<List<TargetStatus>> done) {
      this.done = done;
      this.probes = new Probes(vertx, resolver, "Lookout/" + version, config.agent().stateDir());
      for (Target t : config.targets()) {
        if (Sharding.owns(config.agent().shard(), t.name())) {
          TargetRuntime r = new TargetRuntime(t, metrics.forTarget(t), Clock.systemUTC());
          runtimes.add(r);
          queue.add(r);
        }
      }
    }

    void start() {
      if (runtimes.isEmpty()) {
        finish();
        return;
      }
      next();
    }

    private void next() {
      while (running < config.agent().maxInFlight() && !queue.isEmpty()) {
        TargetRuntime r = queue.poll();
        running++;
        probes
            .run(r.target())
            .onComplete(
                ar -> {
                  running--;
                  if (ar.succeeded()) {
                    r.onResult(ar.result());
                  }
                  if (queue.isEmpty() && running == 0) {
                    finish();
                  } else {
                    next();
                  }
                });
      }
    }

    private void finish() {
      List<TargetStatus> out = runtimes.stream().map(TargetRuntime::status).toList();
      probes.close();
      metrics.close();
      done.complete(out);
    }
  }
}
