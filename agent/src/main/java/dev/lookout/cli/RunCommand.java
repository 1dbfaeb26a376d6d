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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lookout run}: the daemon. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the agent: probe on schedule, serve /metrics, send alerts.")
final class RunCommand implements Callable<Integer>, Main.StartsEarly {
  @Mixin ConfigOption config;
  @Mixin ShardOption shard;

  /** Logging, Vert.x and the system's resolver, set up beside the config; null until started. */
  private Starting starting;

  /**
   * What the agent needs besides its config, set up in turn on a thread of its own while the main
   * thread parses the command line and reads the config: logback (some 60 ms cold), Vert.x (its
   * threads, Netty's native transport: 100 ms and more) and the system's resolver (dnsjava reading
   * its configuration: some 30 ms).
   */
  private record Starting(
      CompletableFuture<Void> logging,
      CompletableFuture<Vertx> vertx,
      CompletableFuture<HostResolver> resolver) {
    static Starting begin() {
      CompletableFuture<Void> logging = new CompletableFuture<>();
      CompletableFuture<Vertx> vertx = new CompletableFuture<>();
      CompletableFuture<HostResolver> resolver = new CompletableFuture<>();
      Thread starter =
          new Thread(
              () -> {
                try {
                  LoggerFactory.getILoggerFactory();
                } finally {
                  logging.complete(null);
                }
                complete(vertx, Runtimes::vertx);
                complete(resolver, HostResolver::system);
              },
              "lookout-start");
      starter.setDaemon(true);
      starter.start();
      return new Starting(logging, vertx, resolver);
    }

    private static <T> void complete(CompletableFuture<T> f, Supplier<T> value) {
      try {
        f.complete(value.get());
      } catch (RuntimeException | Error e) {
        f.completeExceptionally(e);
      }
    }
  }

  @Override
  public void startEarly() {
    if (starting == null) {
      starting = Starting.begin();
    }
  }

  /**
   * Looked up when used, not when the class loads: picocli makes this command on the main thread
   * while logback is still being set up on the starting thread, and a logger asked for then would
   * stay SLF4J's stand-in for good.
   */
  private static Logger log() {
    return LoggerFactory.getLogger("lookout");
  }

  /** Milliseconds since the process started (the launcher's {@code exec} included). */
  private static long uptimeMillis() {
    return ProcessHandle.current()
        .info()
        .startInstant()
        .map(start -> java.time.Duration.between(start, java.time.Instant.now()).toMillis())
        .orElse(-1L);
  }

  /** A warning never stops the agent: it is logged at each load, and the config runs. */
  private static Config logWarnings(Config c) {
    c.warnings().forEach(w -> log().warn("{}", w));
    return c;
  }

  @Override
  public Integer call() throws Exception {
    startEarly();
    Config c = shard.apply(config.load(System.err));
    if (c == null) {
      starting.vertx().thenAccept(Vertx::close);
      return ConfigOption.INVALID;
    }
    long configLoadedAt = System.nanoTime();
    // Logged only once logback is set up: SLF4J would hold the lines until then.
    starting.logging().get(30, TimeUnit.SECONDS);
    logWarnings(c);
    Vertx vertx = starting.vertx().get(30, TimeUnit.SECONDS);
    HostResolver resolver = starting.resolver().get(30, TimeUnit.SECONDS);
    Agent agent = new Agent(vertx, c, resolver, Main.version(), Clock.systemUTC());
    int lanes = Runtimes.lanes();
    if (!started(agent, lanes, vertx, c)) {
      return 1;
    }
    Reloader reloader = watchConfig(vertx, agent);
    logStarted(c, lanes, agent, configLoadedAt);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> stop(reloader, agent, vertx, stopped), "lookout-shutdown"));
    stopped.await();
    return 0;
  }

  /** Starts the agent; false (logged, and what did start stopped) when it cannot start. */
  private static boolean started(Agent agent, int lanes, Vertx vertx, Config c) {
    try {
      agent.start(lanes).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      log().error("{}", StartFailure.describe(e, c.agent().listen()));
      // Whatever did start (lanes, the dispatcher) stops before the command returns.
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception closing) {
        log().debug("closing after a failed start: {}", closing.toString());
      }
      return false;
    }
  }

  /** Reloads the config when the file changes and on SIGHUP. */
  private Reloader watchConfig(Vertx vertx, Agent agent) throws Exception {
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
          log().info("SIGHUP: reloading {}", config.resolve());
          reloader.reload();
        });
    return reloader;
  }

  private static void logStarted(Config c, int lanes, Agent agent, long configLoadedAt) {
    long up = uptimeMillis();
    long sinceConfig = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - configLoadedAt);
    log()
        .info(
            "lookout {} watching {} targets on {} lanes; metrics at http://{}/metrics; up {} ms after the process started (config loaded at {} ms)",
            Main.version(),
            c.targets().size(),
            lanes,
            c.agent().listen().host() + ":" + agent.port(),
            up,
            up - sinceConfig);
  }

  /** The shutdown hook: stops reloading, the agent and Vert.x, then ends the process. */
  private static void stop(Reloader reloader, Agent agent, Vertx vertx, CountDownLatch stopped) {
    log().info("stopping");
    reloader.stop();
    try {
      agent
          .stop()
          .compose(v -> vertx.close())
          .toCompletionStage()
          .toCompletableFuture()
          .get(9, TimeUnit.SECONDS);
    } catch (Exception e) {
      log().warn("shutdown did not finish cleanly: {}", e.toString());
    }
    stopped.countDown();
    // Stopping on SIGTERM is the normal end of a service, not a failure: exit 0
    // (the JVM would report 143), after the log is flushed.
    ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    Runtime.getRuntime().halt(0);
  }
}
