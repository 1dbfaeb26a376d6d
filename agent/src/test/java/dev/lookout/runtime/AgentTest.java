package dev.lookout.runtime;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lookout.config.Config;
import dev.lookout.probe.HostResolver;
import dev.lookout.testing.TestServers;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The whole agent on loopback: probes, /metrics, /api/status, health, and the log notifier. */
class AgentTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static HttpServer site;
  static Agent agent;
  static ListAppender<ILoggingEvent> alerts = new ListAppender<>();

  @BeforeAll
  static void start() throws Exception {
    site =
        TestServers.http(
            loop.vertx(),
            "127.0.0.1",
            req -> {
              if (req.path().equals("/ok")) {
                req.response().end("all good");
              } else {
                req.response().setStatusCode(503).end("down <script>");
              }
            });
    alerts.start();
    ((Logger) LoggerFactory.getLogger("lookout.alerts")).addAppender(alerts);
    String base = "http://127.0.0.1:" + site.actualPort();
    Config config =
        TestTargets.config(
            """
            agent: {listen: "127.0.0.1:0", labels: {env: test}, state_dir: "STATE"}
            defaults: {interval: 200ms, timeout: 1s, alert: {after: 2, resolve_after: 1, group_wait: 0s}}
            targets:
              - name: healthy
                http: {url: "BASE/ok", headers: {Authorization: "Bearer top-secret-token"}}
                expect: {status: [200], p95_below: 2s}
              - name: broken
                http: {url: "BASE/down"}
                expect: {status: [200]}
            """
                .replace("BASE", base)
                .replace(
                    "STATE",
                    java.nio.file.Files.createTempDirectory("lookout-agent-test").toString()));
    agent = new Agent(loop.vertx(), config, HostResolver.system(), "test", Clock.systemUTC());
    await(agent.start(2));
  }

  @AfterAll
  static void stop() {
    await(agent.stop());
  }

  /** A plain blocking client on the test thread: the agent under test owns the event loops. */
  static final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

  static java.net.http.HttpResponse<String> get(String path, String accept) {
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + agent.port() + path))
            .timeout(Duration.ofSeconds(10));
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String body(String path, String accept) {
    return get(path, accept).body();
  }

  static JsonObject statusWhen(java.util.function.Predicate<JsonObject> ready) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      JsonObject status = new JsonObject(body("/api/status", null));
      if (ready.test(status)) {
        return status;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("status never became ready: " + status.encodePrettily());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
  }

  @Test
  void statusListsFailingTargetsFirstWithTheirFindings() {
    JsonObject status =
        statusWhen(
            s ->
                s.getJsonArray("targets").stream()
                    .allMatch(
                        t ->
                            ((JsonObject) t).getString("state").equals("firing")
                                || ((JsonObject) t).getBoolean("healthy", false)));
    JsonArray targets = status.getJsonArray("targets");
    assertThat(targets.getJsonObject(0).getString("name")).isEqualTo("broken");
    assertThat(
            targets.getJsonObject(0).getJsonArray("findings").getJsonObject(0).getString("message"))
        .isEqualTo("status 503, expected 200");
    assertThat(targets.getJsonObject(1).getString("name")).isEqualTo("healthy");
    assertThat(targets.getJsonObject(1).getJsonObject("latency").getInteger("samples"))
        .isPositive();
    assertThat(status.getJsonObject("agent").getJsonObject("labels").getString("env"))
        .isEqualTo("test");
    assertThat(status.encode()).doesNotContain("top-secret-token");
  }

  @Test
  void metricsCarryTheContractNamesAndAgentLabels() {
    statusWhen(
        s ->
            s.getJsonArray("targets").stream()
                .allMatch(t -> ((JsonObject) t).getString("last_probe_at") != null));
    String text = body("/metrics", null);
    assertThat(text)
        .contains("lookout_probe_success{env=\"test\",target=\"healthy\",type=\"http\"} 1.0")
        .contains("lookout_probe_success{env=\"test\",target=\"broken\",type=\"http\"} 0.0")
        .contains("lookout_http_status_code{env=\"test\",target=\"broken\"} 503.0")
        .contains(
            "lookout_probe_latency_seconds{env=\"test\",target=\"healthy\",quantile=\"0.95\"}")
        .contains(
            "lookout_probe_duration_seconds_bucket{env=\"test\",target=\"healthy\",type=\"http\",le=\"0.1\"}")
        .contains("lookout_http_phase_seconds{env=\"test\",phase=\"connect\",target=\"healthy\"}")
        .contains("lookout_scheduler_lag_seconds_count")
        .contains("lookout_probes_in_flight")
        .contains("lookout_build_info{env=\"test\",version=\"test\"} 1")
        .contains("lookout_config_last_reload_successful{env=\"test\"} 1.0")
        .contains("jvm_memory_used_bytes")
        .doesNotContain("top-secret-token");
    java.net.http.HttpResponse<String> text004 = get("/metrics", null);
    assertThat(text004.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
  }

  @Test
  void openMetricsIsServedWhenAsked() {
    java.net.http.HttpResponse<String> r =
        get("/metrics", "application/openmetrics-text; version=1.0.0");
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/openmetrics-text");
    assertThat(body("/metrics", "application/openmetrics-text; version=1.0.0")).endsWith("# EOF\n");
  }

  @Test
  void healthAndReadiness() {
    assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
    assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aFailingTargetFiresThroughTheLogNotifier() {
    statusWhen(s -> s.getJsonArray("targets").getJsonObject(0).getString("state").equals("firing"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (alerts.list.stream().noneMatch(e -> e.getFormattedMessage().startsWith("FIRING broken"))
        && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
    }
    assertThat(alerts.list)
        .anySatisfy(
            e ->
                assertThat(e.getFormattedMessage())
                    .startsWith("FIRING broken [critical] since ")
                    .contains(": status 503, expected 200"));
    assertThat(alerts.list)
        .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("healthy"));
  }
}
