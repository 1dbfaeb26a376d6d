package dev.lookout.check.heartbeat;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.heartbeat.HeartbeatSchedule.Every;
import dev.lookout.check.heartbeat.Ping.Kind;
import dev.lookout.evaluate.Finding;
import dev.lookout.testing.LogCapture;
import dev.lookout.testing.Scrapes;
import dev.lookout.testing.TestClock;
import dev.lookout.testing.TestVertx;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The ping API on a real HTTP server on loopback, mounted at /ping/* as the agent will. */
class PingApiTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path stateDir;

  static final String TOKEN = "tok-9f8e7d6c5b4a";
  static final HeartbeatCheck BACKUP =
      new HeartbeatCheck(
          new Every(Duration.ofHours(24)),
          ZoneOffset.UTC,
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          null,
          TOKEN);
  static final HeartbeatCheck OPEN =
      new HeartbeatCheck(
          new Every(Duration.ofMinutes(1)),
          ZoneOffset.UTC,
          Duration.ofSeconds(30),
          null,
          null,
          null);

  final TestClock clock = new TestClock(Instant.parse("2026-12-01T03:00:00Z"));
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final HttpClient http = HttpClient.newHttpClient();
  Heartbeats heartbeats;
  HttpServer server;

  record Answer(int status, JsonObject json) {}

  @BeforeEach
  void start() {
    heartbeats = new Heartbeats(new HeartbeatStore(loop.vertx(), stateDir), clock);
    await(heartbeats.configure(Map.of("backup", BACKUP, "open", OPEN)));
    HeartbeatMeters meters = new HeartbeatMeters(registry);
    meters.watch("backup", () -> heartbeats.state("backup"));
    meters.watch("open", () -> heartbeats.state("open"));
    PingApi api = new PingApi(loop.vertx(), heartbeats, meters, clock, 3, Duration.ofMinutes(1));
    Router root = Router.router(loop.vertx());
    root.route("/ping/*").subRouter(api.router());
    server = await(loop.vertx().createHttpServer().requestHandler(root).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    await(server.close());
  }

  Answer send(String method, String pathAndQuery, String bearer, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return new Answer(r.statusCode(), new JsonObject(r.body()));
  }

  double sample(String name, String... labels) {
    return Scrapes.value(registry.scrape(), name, labels);
  }

  @Test
  void aSuccessPingIsRecordedAtOnceAndCounted() throws Exception {
    Answer a = send("POST", "/ping/backup", TOKEN, null);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json()).isEqualTo(new JsonObject().put("ok", true));
    assertThat(heartbeats.state("backup").lastPing()).containsEntry(Kind.SUCCESS, clock.instant());
    assertThat(HeartbeatStore.read(new HeartbeatStore(loop.vertx(), stateDir).file("backup")))
        .isEqualTo(heartbeats.state("backup"));
    assertThat(sample("lookout_heartbeat_pings_total", "target", "backup", "result", "ok"))
        .isEqualTo(1);
    assertThat(
            sample(
                "lookout_heartbeat_last_ping_timestamp_seconds",
                "target",
                "backup",
                "kind",
                "success"))
        .isEqualTo(clock.instant().getEpochSecond());
  }

  @Test
  void getWithTheTokenInTheQueryWorksToo() throws Exception {
    assertThat(send("GET", "/ping/backup?token=" + TOKEN, null, null).status()).isEqualTo(200);
    assertThat(send("GET", "/ping/open", null, null).status()).isEqualTo(200);
    assertThat(heartbeats.state("open").lastPing()).containsKey(Kind.SUCCESS);
  }

  @Test
  void startThenExitStatusIsARunWithItsLog() throws Exception {
    assertThat(send("POST", "/ping/backup/start?rid=r1", TOKEN, null).status()).isEqualTo(200);
    assertThat(heartbeats.state("backup").openRuns()).containsOnlyKeys("r1");
    clock.advance(Duration.ofMinutes(7));
    Answer a = send("POST", "/ping/backup/3?rid=r1", TOKEN, "tar: disk full\nat /srv/backup\n");
    assertThat(a.status()).isEqualTo(200);
    HeartbeatState s = heartbeats.state("backup");
    assertThat(s.openRuns()).isEmpty();
    assertThat(s.lastRun().exitStatus()).isEqualTo(3);
    assertThat(s.lastRun().ok()).isFalse();
    assertThat(s.lastRun().log()).isEqualTo("tar: disk full\nat /srv/backup\n");
    assertThat(HeartbeatJudge.judge(BACKUP, s, clock.instant()).findings())
        .extracting(Finding::message)
        .containsExactly("last run failed with exit status 3: tar: disk full");
    assertThat(sample("lookout_heartbeat_run_duration_seconds", "target", "backup")).isEqualTo(420);
    assertThat(sample("lookout_heartbeat_pings_total", "target", "backup", "result", "fail"))
        .isEqualTo(1);

    assertThat(send("POST", "/ping/backup/0", TOKEN, null).status()).isEqualTo(200);
    assertThat(heartbeats.state("backup").lastRun().ok()).isTrue();
    assertThat(send("POST", "/ping/backup/fail", TOKEN, "boom").status()).isEqualTo(200);
    assertThat(heartbeats.state("backup").lastRun().ok()).isFalse();
    assertThat(heartbeats.state("backup").lastRun().exitStatus()).isNull();
  }

  @Test
  void aLongBodyIsCutAndTheCutIsSaid() throws Exception {
    String body = "x".repeat(25 * 1024);
    Answer a = send("POST", "/ping/backup/1", TOKEN, body);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().getLong("log_cut_bytes")).isEqualTo(25 * 1024 - Ping.MAX_LOG_BYTES);
    assertThat(heartbeats.state("backup").lastRun().log()).hasSize(Ping.MAX_LOG_BYTES);
    assertThat(heartbeats.state("backup").lastRun().logCut())
        .isEqualTo(25 * 1024 - Ping.MAX_LOG_BYTES);
  }

  @Test
  void aWrongOrMissingTokenIs401ChangesNothingAndIsCounted() throws Exception {
    Answer wrong = send("POST", "/ping/backup", "guess", null);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().getBoolean("ok")).isFalse();
    assertThat(send("POST", "/ping/backup/fail", null, null).status()).isEqualTo(401);
    assertThat(send("POST", "/ping/backup/start?token=" + TOKEN + "x", null, null).status())
        .isEqualTo(401);
    assertThat(heartbeats.state("backup").neverPinged()).isTrue();
    assertThat(
            sample("lookout_heartbeat_pings_total", "target", "backup", "result", "unauthorized"))
        .isEqualTo(3);
  }

  @Test
  void anUnknownTargetIs404AndCountedWithoutItsName() throws Exception {
    Answer a = send("POST", "/ping/nosuch", TOKEN, null);
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.json().getString("error"))
        .isEqualTo("no heartbeat target \"nosuch\" in the config");
    assertThat(sample("lookout_heartbeat_pings_total", "target", "", "result", "unknown"))
        .isEqualTo(1);
    assertThat(registry.scrape()).doesNotContain("nosuch");
  }

  @Test
  void whatIsNotAPingIs404() throws Exception {
    assertThat(send("POST", "/ping/backup/300", TOKEN, null).status()).isEqualTo(404);
    assertThat(send("POST", "/ping/backup/later", TOKEN, null).status()).isEqualTo(404);
    assertThat(send("POST", "/ping/backup/start/now", TOKEN, null).status()).isEqualTo(404);
    assertThat(send("POST", "/ping/backup?rid=" + "r".repeat(65), TOKEN, null).status())
        .isEqualTo(400);
    assertThat(heartbeats.state("backup").neverPinged()).isTrue();
  }

  @Test
  void repeatedBadPingsFromOneAddressAreRateLimited() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(send("POST", "/ping/backup", "guess" + i, null).status()).isEqualTo(401);
    }
    Answer limited = send("POST", "/ping/backup", TOKEN, null);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().getString("error"))
        .isEqualTo("too many bad pings from this address: try again in 60 s");
    assertThat(heartbeats.state("backup").neverPinged()).isTrue();
    clock.advance(Duration.ofMinutes(1));
    assertThat(send("POST", "/ping/backup", TOKEN, null).status()).isEqualTo(200);
  }

  @Test
  void tokensNeverReachTheLogOrTheMetrics() throws Exception {
    try (LogCapture logs = LogCapture.start()) {
      send("POST", "/ping/backup?token=" + TOKEN, null, null);
      send("POST", "/ping/backup", TOKEN, null);
      send("POST", "/ping/backup?token=wrong-" + TOKEN, null, null);
      send("POST", "/ping/backup", "other-" + TOKEN, null);
      send("POST", "/ping/nosuch?token=" + TOKEN, null, null);
      assertThat(logs.events()).isNotEmpty();
      assertThat(logs.events())
          .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(TOKEN));
    }
    assertThat(registry.scrape()).doesNotContain(TOKEN);
  }

  @Test
  void tokensAreComparedByDigest() {
    assertThat(PingApi.sameInConstantTime(TOKEN, TOKEN)).isTrue();
    assertThat(PingApi.sameInConstantTime(TOKEN + "x", TOKEN)).isFalse();
    assertThat(PingApi.sameInConstantTime("", TOKEN)).isFalse();
  }
}
