package dev.lookout.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The one Vert.x instance of a command, sized for a small agent: one event loop per core (the
 * lanes), and small worker pools, since only config loading, state files and scrapes use them.
 * Vert.x's defaults (two loops per core, forty pooled threads) cost memory and buy nothing here.
 */
final class Runtimes {
  private Runtimes() {}

  static int lanes() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  static Vertx vertx() {
    return Vertx.vertx(
        new VertxOptions()
            .setEventLoopPoolSize(lanes())
            .setWorkerPoolSize(4)
            .setInternalBlockingPoolSize(4)
            .setPreferNativeTransport(true));
  }
}
