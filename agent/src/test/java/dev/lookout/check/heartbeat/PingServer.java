package dev.lookout.check.heartbeat;

import static dev.lookout.testing.TestVertx.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * An agent's ping API alone on loopback, for tests of what talks to it (the CLI wrapper, the
 * README's crontab lines): heartbeat targets, a state directory, and the API mounted at /ping/*.
 */
public final class PingServer implements AutoCloseable {
  private final Heartbeats heartbeats;
  private final HttpServer server;

  public PingServer(Vertx vertx, Path stateDir, Map<String, HeartbeatCheck> targets) {
    heartbeats = new Heartbeats(new HeartbeatStore(vertx, stateDir), Clock.systemUTC());
    await(heartbeats.configure(targets));
    PingApi api =
        new PingApi(
            vertx, heartbeats, new HeartbeatMeters(new SimpleMeterRegistry()), Clock.systemUTC());
    Router root = Router.router(vertx);
    root.route("/ping/*").subRouter(api.router());
    server = await(vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1"));
  }

  public String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public HeartbeatState state(String target) {
    return heartbeats.state(target);
  }

  @Override
  public void close() {
    await(server.close());
  }
}
