package dev.lookout.runtime;

import dev.lookout.alert.Messages;
import dev.lookout.config.Config;
import dev.lookout.config.ConfigError;
import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the config on SIGHUP and when the file changes. A valid file is applied (targets whose
 * check is unchanged keep their history and alert state); an invalid one is refused with every
 * error logged, the running config continues, and {@code lookout_config_last_reload_successful}
 * reads 0 until a good reload. Loading runs on a worker thread; the file is watched by polling its
 * size and modification time through Vert.x's asynchronous file system, never blocking a loop.
 */
public final class Reloader {
  private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

  private final Vertx vertx;
  private final Agent agent;
  private final Path file;
  private final ConfigLoader loader;
  private final UnaryOperator<Config> overrides;
  private long timer = -1;
  private String lastSeen;
  private boolean reloading;

  /**
   * @param overrides applied to every loaded config (command-line flags such as {@code --shard})
   */
  public Reloader(
      Vertx vertx, Agent agent, Path file, ConfigLoader loader, UnaryOperator<Config> overrides) {
    this.vertx = vertx;
    this.agent = agent;
    this.file = file;
    this.loader = loader;
    this.overrides = overrides;
  }

  /** Polls the file every {@code periodMillis}; a change triggers a reload. */
  public Future<Void> watch(long periodMillis) {
    return stamp()
        .map(
            s -> {
              lastSeen = s;
              timer = vertx.setPeriodic(periodMillis, id -> check());
              return null;
            });
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void check() {
    stamp()
        .onSuccess(
            s -> {
              if (!s.equals(lastSeen)) {
                lastSeen = s;
                LOG.info("{} changed on disk", file);
                reload();
              }
            });
  }

  private Future<String> stamp() {
    return vertx
        .fileSystem()
        .props(file.toString())
        .map(Reloader::stamp)
        .recover(e -> Future.succeededFuture("missing"));
  }

  private static String stamp(FileProps p) {
    return p.size() + "@" + p.lastModifiedTime();
  }

  /** Loads and applies the file; completes with whether the new config is now in use. */
  public synchronized Future<Boolean> reload() {
    if (reloading) {
      return Future.succeededFuture(false);
    }
    reloading = true;
    return vertx
        .executeBlocking(() -> overrides.apply(loader.load(file)), false)
        .compose(
            next -> {
              warnAboutRestartOnlySettings(agent.config(), next);
              return agent.apply(next).map(v -> next);
            })
        .map(
            next -> {
              agent.metrics().reloadSucceeded(true);
              LOG.info("reloaded {}: {} targets", file, next.targets().size());
              return true;
            })
        .recover(
            e -> {
              agent.metrics().reloadSucceeded(false);
              if (e instanceof ConfigException ce) {
                for (ConfigError error : ce.errors()) {
                  LOG.error("reload refused: {}", error);
                }
                LOG.error(
                    "reload refused: {} in {}; the running config stays in use",
                    Messages.count(ce.errors().size(), "error"),
                    file);
              } else {
                LOG.error("reload failed: {}; the running config stays in use", e.toString());
              }
              return Future.succeededFuture(false);
            })
        .eventually(
            () -> {
              reloading = false;
              return Future.succeededFuture();
            });
  }

  private static void warnAboutRestartOnlySettings(Config running, Config next) {
    if (!running.agent().listen().equals(next.agent().listen())
        || !running.agent().labels().equals(next.agent().labels())
        || running.agent().maxInFlight() != next.agent().maxInFlight()
        || !running.agent().startGrid().equals(next.agent().startGrid())) {
      LOG.warn(
          "agent.listen, agent.labels, agent.max_in_flight and agent.start_grid take effect after"
              + " a restart");
    }
  }
}
