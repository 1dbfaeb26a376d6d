package dev.lookout.cli;

import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.probe.HostResolver;
import dev.lookout.runtime.Agent;
import dev.lookout.runtime.Reloader;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lookout run}: the daemon. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the agent: probe on schedule, serve /metrics, send alerts.")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger("lookout");

  @Mixin ConfigOption config;
  @Mixin ShardOption shard;

  private static long uptimeMillis() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
  }

  /** A warning never stops the agent: it is logged at each load, and the config runs. */
  private static Config logWarnings(Config c) {
    c.warnings().forEach(w -> LOG.warn("{}", w));
    return c;
  }

  @Override
  public Integer call() throws Exception {
    // Vert.x starts (threads, Netty's native transport) on the other core while the config is read.
    CompletableFuture<Vertx> starting =
        CompletableFuture.supplyAsync(
            Runtimes::vertx,
            task -> {
              Thread starter = new Thread(task, "lookout-start");
              starter.setDaemon(true);
              starter.start();
            });
    Config c = shard.apply(config.load(System.err));
    if (c == null) {
      starting.thenAccept(Vertx::close);
      return ConfigOption.INVALID;
    }
    logWarnings(c);
    long configLoadedAt = uptimeMillis();
    Vertx vertx = starting.get(30, TimeUnit.SECONDS);
    Agent agent = new Agent(vertx, c, HostResolver.system(), Main.version(), Clock.systemUTC());
    int lanes = Runtimes.lanes();
    try {
      agent.start(lanes).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("{}", StartFailure.describe(e, c.agent().listen()));
      // Whatever did start (lanes, the dispatcher) stops before the command returns.
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception closing) {
        LOG.debug("closing after a failed start: {}", closing.toString());
      }
      return 1;
    }
    Reloader reloader =
        new Reloader(
            vertx,
            agent,
            config.resolve(),
            ConfigLoader.withSystemEnvironment(),
            next -> shard.apply(logWarnings(next)));
    reloader.watch(2000).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Signals.onHangup(
        () -> {
          LOG.info("SIGHUP: reloading {}", config.resolve());
          reloader.reload();
        });
    LOG.info(
        "lookout {} watching {} targets on {} lanes; metrics at http://{}/metrics; up {} ms after JVM start (config loaded at {} ms)",
        Main.version(),
        c.targets().size(),
        lanes,
        c.agent().listen().host() + ":" + agent.port(),
        uptimeMillis(),
        configLoadedAt);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping");
                  reloader.stop();
                  try {
                    agent
                        .stop()
                        .compose(v -> vertx.close())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(9, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    LOG.warn("shutdown did not finish cleanly: {}", e.toString());
                  }
                  stopped.countDown();
                  // Stopping on SIGTERM is the normal end of a service, not a failure: exit 0
                  // (the JVM would report 143), after the log is flushed.
                  ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).stop();
                  Runtime.getRuntime().halt(0);
                },
                "lookout-shutdown"));
    stopped.await();
    return 0;
  }
}
