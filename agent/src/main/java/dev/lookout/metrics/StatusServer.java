package dev.lookout.metrics;

import dev.lookout.config.HostPort;
import dev.lookout.evaluate.Finding;
import dev.lookout.runtime.Agent;
import dev.lookout.runtime.TargetStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The agent's own HTTP endpoints: {@code /metrics} (Prometheus text or OpenMetrics, by {@code
 * Accept}), {@code /healthz} (the process answers), {@code /readyz} (config loaded, scheduler
 * running) and {@code /api/status} (every target's state as JSON, never a secret).
 */
public final class StatusServer {
  private final Vertx vertx;
  private final LookoutMetrics metrics;
  private final Agent agent;
  private HttpServer server;

  public StatusServer(Vertx vertx, LookoutMetrics metrics, Agent agent) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.agent = agent;
  }

  public Future<Void> listen(HostPort address) {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(this::metrics);
    router
        .get("/healthz")
        .handler(rc -> rc.response().putHeader("Content-Type", "text/plain").end("ok\n"));
    router
        .get("/readyz")
        .handler(
            rc ->
                rc.response()
                    .setStatusCode(agent.ready() ? 200 : 503)
                    .putHeader("Content-Type", "text/plain")
                    .end(agent.ready() ? "ready\n" : "starting\n"));
    router.get("/api/status").handler(this::status);
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(address.port(), address.host())
        .map(
            s -> {
              server = s;
              return null;
            });
  }

  public int port() {
    return server.actualPort();
  }

  private void metrics(RoutingContext rc) {
    String accept = rc.request().getHeader("Accept");
    // A scrape of thousands of series takes milliseconds of CPU: do it off the event loop.
    vertx
        .executeBlocking(() -> metrics.scrape(accept), false)
        .onSuccess(s -> rc.response().putHeader("Content-Type", s.contentType()).end(s.body()))
        .onFailure(rc::fail);
  }

  private void status(RoutingContext rc) {
    agent
        .statuses()
        .onSuccess(
            list ->
                rc.response()
                    .putHeader("Content-Type", "application/json")
                    .end(toJson(list).encodePrettily()))
        .onFailure(rc::fail);
  }

  JsonObject toJson(List<TargetStatus> statuses) {
    JsonArray targets = new JsonArray();
    for (TargetStatus s : statuses) {
      JsonObject latency = new JsonObject().put("samples", s.latency().count());
      if (s.latency().count() > 0) {
        latency
            .put("p50_seconds", s.latency().p50())
            .put("p95_seconds", s.latency().p95())
            .put("p99_seconds", s.latency().p99());
      }
      JsonArray findings = new JsonArray();
      for (Finding f : s.findings()) {
        findings.add(
            new JsonObject().put("expectation", f.expectation()).put("message", f.message()));
      }
      JsonObject t =
          new JsonObject()
              .put("name", s.name())
              .put("type", s.type())
              .put(
                  "state",
                  s.lastProbeAt() == null
                      ? "unknown"
                      : s.state().name().toLowerCase(java.util.Locale.ROOT))
              .put("healthy", s.lastProbeAt() == null ? null : s.healthy())
              .put("last_probe_at", s.lastProbeAt() == null ? null : s.lastProbeAt().toString())
              .put(
                  "last_duration_seconds",
                  Double.isNaN(s.lastDurationSeconds()) ? null : s.lastDurationSeconds())
              .put("last_error", s.lastError())
              .put("findings", findings)
              .put("latency", latency)
              .put("failing_since", s.failingSince() == null ? null : s.failingSince().toString());
      targets.add(t);
    }
    JsonObject labels = new JsonObject();
    agent.config().agent().labels().forEach(labels::put);
    return new JsonObject()
        .put(
            "agent",
            new JsonObject()
                .put("labels", labels)
                .put("shard", agent.config().agent().shard().toString())
                .put("ready", agent.ready()))
        .put("targets", targets);
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
