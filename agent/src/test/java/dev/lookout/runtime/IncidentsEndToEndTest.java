package dev.lookout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.alert.AlertLinks;
import dev.lookout.alert.Backoff;
import dev.lookout.alert.Receiver;
import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.incident.Incident;
import dev.lookout.incident.IncidentLog;
import dev.lookout.probe.HostResolver;
import dev.lookout.testing.TestClock;
import dev.lookout.testing.TestVertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident desk end to end: a real agent on a clock the test moves, real webhook receivers (and
 * an Alertmanager stand-in) on loopback. Escalation at its step times across a restart, ack links
 * (GET shows, POST acks, forged and expired links refused, a second ack harmless), the
 * acknowledgement posted to everyone told and named in the resolve, the incident log across a
 * restart and {@code lookout incidents}, and Alertmanager hearing exactly what it heard before.
 */
class IncidentsEndToEndTest {
  static final String SECRET = "test-ack-secret-0123456789";
  static final Duration WAIT = Duration.ofSeconds(20);
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path dir;

  final AtomicBoolean up = new AtomicBoolean(false);
  HttpServer site;
  Receiver team;
  Receiver founder;
  Receiver boss;
  Receiver am;
  Agent agent;

  @BeforeAll
  static void warmUp() {
    Receiver.warmUp();
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      TestVertx.await(agent.stop());
    }
    for (Receiver r : new Receiver[] {team, founder, boss, am}) {
      if (r != null) {
        r.close();
      }
    }
    if (site != null) {
      TestVertx.await(site.close());
    }
  }

  void start() {
    site =
        TestVertx.await(
            loop.vertx()
                .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> req.response().setStatusCode(up.get() ? 200 : 503).end())
                .listen());
    team = new Receiver(loop.vertx());
    founder = new Receiver(loop.vertx());
    boss = new Receiver(loop.vertx());
    am = new Receiver(loop.vertx());
  }

  String yaml(String routes) {
    return "agent: {listen: \"127.0.0.1:0\", state_dir: \""
        + dir.resolve("state")
        + "\", public_url: \"https://lookout.example.com\", ack_secret: \""
        + SECRET
        + "\"}\n"
        + "defaults: {interval: 1s, timeout: 1s, alert: {after: 1, resolve_after: 1, group_wait: 0s}}\n"
        + "notifiers:\n"
        + "  team: {type: webhook, url: \""
        + team.url("/team")
        + "\"}\n"
        + "  founder: {type: webhook, url: \""
        + founder.url("/founder")
        + "\"}\n"
        + "  boss: {type: webhook, url: \""
        + boss.url("/boss")
        + "\"}\n"
        + "  am: {type: alertmanager, urls: [\"http://127.0.0.1:"
        + am.port()
        + "\"]}\n"
        + routes
        + "targets:\n"
        + "  - name: shop\n"
        + "    http: {url: \"http://127.0.0.1:"
        + site.actualPort()
        + "/shop\"}\n"
        + "  - name: api\n"
        + "    http: {url: \"http://127.0.0.1:"
        + site.actualPort()
        + "/api\"}\n";
  }

  static final String ESCALATING =
      "alert:\n"
          + "  routes:\n"
          + "    - match: {severity: critical}\n"
          + "      notify: [team]\n"
          + "      escalate: [{after: 15m, notify: [founder]}, {after: 45m, notify: [boss]}]\n";

  Agent agent(String yaml, TestClock clock) throws Exception {
    Path file = dir.resolve("lookout.yaml");
    Files.writeString(file, yaml);
    Config c = new ConfigLoader(Map.<String, String>of()::get).parse("lookout.yaml", dir, yaml);
    Agent a =
        new Agent(
            loop.vertx(),
            c,
            HostResolver.system(),
            "test",
            clock,
            new Backoff(Duration.ofMillis(100), Duration.ofMillis(500)));
    TestVertx.await(a.start(1));
    return a;
  }

  /** The alerts of every delivered webhook post, flattened. */
  static List<JsonObject> alerts(Receiver r) {
    return r.delivered().stream()
        .flatMap(q -> q.json().getJsonArray("alerts").stream().map(o -> (JsonObject) o))
        .toList();
  }

  static List<JsonObject> alerts(Receiver r, String target, String status) {
    return alerts(r).stream()
        .filter(a -> a.getString("target").equals(target) && a.getString("status").equals(status))
        .toList();
  }

  record Reply(int status, String body) {}

  Reply http(HttpMethod method, String path, String contentType, String body) {
    HttpClientAgent client = loop.vertx().createHttpClient();
    try {
      return TestVertx.await(
          TestVertx.onLoop(
              loop.vertx(),
              () ->
                  client
                      .request(method, agent.port(), "127.0.0.1", path)
                      .compose(
                          req -> {
                            if (contentType != null) {
                              req.putHeader("Content-Type", contentType);
                            }
                            return body == null ? req.send() : req.send(Buffer.buffer(body));
                          })
                      .compose(
                          resp ->
                              resp.body().map(b -> new Reply(resp.statusCode(), b.toString())))));
    } finally {
      TestVertx.await(client.close());
    }
  }

  JsonObject incident(String target) {
    Reply r = http(HttpMethod.GET, "/api/incidents?target=" + target, null, null);
    assertThat(r.status()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("incidents").getJsonObject(0);
  }

  static String pathOf(String link) {
    URI u = URI.create(link);
    return u.getRawPath() + "?" + u.getRawQuery();
  }

  @Test
  void escalationFollowsTheStepTimesAcrossARestartAndStopsAtAnAck() throws Exception {
    start();
    TestClock clock = new TestClock(Instant.parse("2026-12-01T14:00:00Z"));
    String yaml = yaml(ESCALATING);
    agent = agent(yaml, clock);
    Receiver.eventually(
        () ->
            alerts(team, "shop", "firing").size() == 1 && alerts(team, "api", "firing").size() == 1,
        WAIT);
    String ackUrl = alerts(team, "shop", "firing").get(0).getString("ack_url");
    assertThat(ackUrl).startsWith("https://lookout.example.com/ack/shop%40");
    assertThat(founder.requests).isEmpty();

    // 15 minutes on: the first step, for both incidents; the second step is not due.
    clock.advance(Duration.ofMinutes(15));
    Receiver.eventually(
        () ->
            alerts(founder, "shop", "escalated").size() == 1
                && alerts(founder, "api", "escalated").size() == 1,
        WAIT);
    assertThat(boss.requests).isEmpty();
    assertThat(alerts(founder, "shop", "escalated").get(0).getString("ack_url")).isNotNull();

    // A restart in the middle: the escalation clock is the incident's, kept in the state dir.
    TestVertx.await(agent.stop());
    clock.advance(Duration.ofMinutes(10));
    agent = agent(yaml, clock);
    assertThat(incident("shop").getInteger("escalated")).isEqualTo(1);

    // A GET shows a confirmation page and acknowledges nothing.
    Reply page = http(HttpMethod.GET, pathOf(ackUrl), null, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<form method=\"post\">").contains("shop");
    assertThat(incident("shop").getValue("acknowledged")).isNull();

    // Forged links are refused: tampered, another incident's, expired (below).
    String sig = ackUrl.substring(ackUrl.indexOf("sig=") + 4);
    String tampered = sig.substring(0, sig.length() - 1) + (sig.endsWith("x") ? "y" : "x");
    String form = "application/x-www-form-urlencoded";
    assertThat(
            http(HttpMethod.POST, pathOf(ackUrl).replace(sig, tampered), form, "name=Eve").status())
        .isEqualTo(403);
    String apiSig = alerts(team, "api", "firing").get(0).getString("ack_url");
    apiSig = apiSig.substring(apiSig.indexOf("sig=") + 4);
    assertThat(
            http(HttpMethod.POST, pathOf(ackUrl).replace(sig, apiSig), form, "name=Eve").status())
        .isEqualTo(403);
    assertThat(incident("shop").getValue("acknowledged")).isNull();

    // A POST acknowledges; everyone told hears it.
    Reply acked = http(HttpMethod.POST, pathOf(ackUrl), form, "name=Ana&note=restarting+the+pool");
    assertThat(acked.status()).isEqualTo(200);
    assertThat(acked.body()).contains("Acknowledged");
    JsonObject ack = incident("shop").getJsonObject("acknowledged");
    assertThat(ack.getString("by")).isEqualTo("Ana");
    assertThat(ack.getString("note")).isEqualTo("restarting the pool");
    Receiver.eventually(
        () ->
            alerts(team, "shop", "acknowledged").size() == 1
                && alerts(founder, "shop", "acknowledged").size() == 1,
        WAIT);
    assertThat(alerts(team, "shop", "acknowledged").get(0).getJsonArray("findings").encode())
        .contains("acknowledged by Ana at 14:25 UTC: restarting the pool");
    // A second ack is harmless: nothing changes, nobody hears it again.
    assertThat(http(HttpMethod.POST, pathOf(ackUrl), form, "name=Bob").body())
        .contains("acknowledged already");
    assertThat(incident("shop").getJsonObject("acknowledged").getString("by")).isEqualTo("Ana");

    // 45 minutes after the first notification: api (not acknowledged) reaches the boss, shop does
    // not; the founder is not told twice.
    clock.advance(Duration.ofMinutes(20));
    Receiver.eventually(() -> alerts(boss, "api", "escalated").size() == 1, WAIT);
    assertThat(alerts(boss, "shop", "escalated")).isEmpty();
    assertThat(alerts(founder, "api", "escalated")).hasSize(1);
    assertThat(alerts(team, "shop", "acknowledged")).hasSize(1);

    // The status page names who acknowledged; the resolve does too.
    Reply status = http(HttpMethod.GET, "/", null, null);
    assertThat(status.body()).contains("Recent incidents").contains("acknowledged by Ana at 14:25");
    // The ack secret is nowhere: not on the page, the API, the config's text, or the metrics.
    assertThat(status.body()).doesNotContain(SECRET);
    assertThat(http(HttpMethod.GET, "/api/status", null, null).body()).doesNotContain(SECRET);
    assertThat(http(HttpMethod.GET, "/api/incidents", null, null).body()).doesNotContain(SECRET);
    assertThat(http(HttpMethod.GET, "/metrics", null, null).body()).doesNotContain(SECRET);
    assertThat(agent.config().toString()).doesNotContain(SECRET);
    up.set(true);
    Receiver.eventually(() -> alerts(team, "shop", "resolved").size() == 1, WAIT);
    assertThat(alerts(team, "shop", "resolved").get(0).getJsonArray("findings").encode())
        .contains("acknowledged by Ana at 14:25 UTC");

    // An expired link is refused (api is still in the log, resolved or not).
    clock.advance(AlertLinks.VALID);
    String apiUrl = alerts(team, "api", "firing").get(0).getString("ack_url");
    assertThat(http(HttpMethod.POST, pathOf(apiUrl), form, "name=Late").status()).isEqualTo(403);

    // Alertmanager heard the alert states only: no escalation, no acknowledgement.
    String amBodies =
        String.join("\n", am.delivered().stream().map(q -> q.body().toString()).toList());
    assertThat(amBodies).contains("LookoutTargetFailing").doesNotContain("acknowledged");
    assertThat(amBodies).doesNotContain("escalated");

    // Notes, then the log across a restart and `lookout incidents` without a running agent.
    Reply note =
        http(
            HttpMethod.POST,
            "/api/incidents/" + AlertLinks.path(incident("shop").getString("id")) + "/notes",
            "application/json",
            new JsonObject().put("by", "Ana").put("text", "pool exhausted by a cron job").encode());
    assertThat(note.status()).isEqualTo(200);
    TestVertx.await(agent.stop());
    agent = null;
    List<Incident> log = IncidentLog.read(dir.resolve("state"));
    Incident shop = log.stream().filter(i -> i.target().equals("shop")).findFirst().orElseThrow();
    assertThat(shop.ack().by()).isEqualTo("Ana");
    assertThat(shop.open()).isFalse();
    assertThat(shop.notes())
        .extracting(Incident.Note::text)
        .contains("pool exhausted by a cron job");
    assertThat(shop.notifications())
        .anySatisfy(
            s -> {
              assertThat(s.notifier()).isEqualTo("founder");
              assertThat(s.kind()).isEqualTo("escalated");
              assertThat(s.result()).isEqualTo("sent");
            });
    String md = cli("incidents", "-c", dir.resolve("lookout.yaml").toString());
    assertThat(md)
        .contains("# Incidents")
        .contains("| shop | 2026-12-01T14:00:00Z |")
        .contains("acknowledged by Ana at 14:25 UTC: restarting the pool")
        .contains("note by Ana")
        .contains("escalated to founder: sent");
    assertThat(
            new JsonObject(
                    cli(
                        "incidents",
                        "-c",
                        dir.resolve("lookout.yaml").toString(),
                        "--format",
                        "json"))
                .getJsonArray("incidents"))
        .hasSize(2);
    assertThat(md).doesNotContain(SECRET);
  }

  @Test
  void outsideItsHoursARouteHoldsAndDeliversGroupedWhenTheyBegin() throws Exception {
    start();
    // Saturday 5 December 2026, 12:00 in Berlin (CET); the hours begin on Monday at 09:00.
    TestClock clock = new TestClock(Instant.parse("2026-12-05T11:00:00Z"));
    String routes =
        "alert:\n"
            + "  routes:\n"
            + "    - match: {}\n"
            + "      notify: [team]\n"
            + "      hours: {days: Mon-Fri, from: \"09:00\", to: \"18:00\", time_zone: Europe/Berlin}\n"
            + "      outside_hours: hold\n";
    agent = agent(yaml(routes), clock);
    // Alertmanager hears at once: routes are not its business.
    Receiver.eventually(() -> am.delivered().size() >= 2 || amHas("shop") && amHas("api"), WAIT);
    Receiver.eventually(() -> incidentOpen("shop") && incidentOpen("api"), WAIT);
    assertThat(team.requests).isEmpty();
    clock.advance(Duration.ofHours(44).plusMinutes(59)); // Monday 08:59 in Berlin
    clock.advance(Duration.ofMinutes(1)); // 09:00
    Receiver.eventually(() -> !team.delivered().isEmpty(), WAIT);
    // One message with both targets.
    assertThat(team.delivered()).hasSize(1);
    assertThat(alerts(team))
        .extracting(a -> a.getString("target"))
        .containsExactlyInAnyOrder("shop", "api");
  }

  boolean amHas(String target) {
    return am.delivered().stream()
        .anyMatch(q -> q.body().toString().contains("\"" + target + "\""));
  }

  boolean incidentOpen(String target) {
    Reply r = http(HttpMethod.GET, "/api/incidents?open=true&target=" + target, null, null);
    return new JsonObject(r.body()).getJsonArray("incidents").size() == 1;
  }

  static synchronized String cli(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      int code = dev.lookout.cli.Main.execute(args);
      assertThat(code).isZero();
      return o.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(out);
    }
  }
}
