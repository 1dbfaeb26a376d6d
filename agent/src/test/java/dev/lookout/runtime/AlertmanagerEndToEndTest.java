package dev.lookout.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lookout.alert.Backoff;
import dev.lookout.alert.Receiver;
import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.probe.HostResolver;
import dev.lookout.testing.TestVertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Alertmanager (Debian's {@code prometheus-alertmanager}) on 127.0.0.1, skipped when
 * the binary is not installed: a target goes down → the alert is listed by {@code GET
 * /api/v2/alerts}; it recovers → the alert ends.
 */
class AlertmanagerEndToEndTest {
  static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path dir;

  @BeforeAll
  static void warmUp() {
    Receiver.warmUp();
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  JsonArray alerts(int amPort) {
    // Held until closed: Vert.x closes a client that is no longer referenced, mid-request too.
    HttpClientAgent client = loop.vertx().createHttpClient();
    try {
      return TestVertx.await(
          TestVertx.onLoop(
                  loop.vertx(),
                  () ->
                      client
                          .request(HttpMethod.GET, amPort, "127.0.0.1", "/api/v2/alerts")
                          .compose(req -> req.send())
                          .compose(resp -> resp.body()))
              .map(JsonArray::new));
    } finally {
      TestVertx.await(client.close());
    }
  }

  boolean answers(int amPort) {
    try {
      alerts(amPort);
      return true;
    } catch (AssertionError e) {
      return false; // not listening yet
    }
  }

  boolean listed(int amPort) {
    try {
      for (Object o : alerts(amPort)) {
        JsonObject a = (JsonObject) o;
        if ("shop".equals(a.getJsonObject("labels").getString("target"))
            && "active".equals(a.getJsonObject("status").getString("state"))) {
          return true;
        }
      }
      return false;
    } catch (AssertionError e) {
      return false; // not up yet
    }
  }

  @Test
  void anOutageIsListedInAlertmanagerAndEndsOnRecovery() throws Exception {
    assumeTrue(Files.isExecutable(BINARY), "prometheus-alertmanager is not installed");
    int amPort = freePort();
    Path amConfig = dir.resolve("alertmanager.yml");
    Files.writeString(amConfig, "route: {receiver: blackhole}\nreceivers: [{name: blackhole}]\n");
    Process am =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + amConfig,
                "--storage.path=" + dir.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + amPort,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("am.log").toFile())
            .start();
    AtomicBoolean up = new AtomicBoolean(true);
    HttpServer target =
        TestVertx.await(
            loop.vertx()
                .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> req.response().setStatusCode(up.get() ? 200 : 503).end())
                .listen());
    String yaml =
        "agent: {listen: \"127.0.0.1:0\", state_dir: \""
            + dir.resolve("state")
            + "\", labels: {env: e2e}}\n"
            + "defaults: {interval: 1s, timeout: 1s, alert: {after: 2, resolve_after: 1, group_wait: 0s}}\n"
            + "notifiers:\n"
            + "  am: {type: alertmanager, urls: [\"http://127.0.0.1:"
            + amPort
            + "\"]}\n"
            + "targets:\n"
            + "  - name: shop\n"
            + "    http: {url: \"http://127.0.0.1:"
            + target.actualPort()
            + "/\"}\n";
    Config c = new ConfigLoader(Map.<String, String>of()::get).parse("lookout.yaml", dir, yaml);
    Agent agent =
        new Agent(
            loop.vertx(),
            c,
            HostResolver.system(),
            "e2e",
            Clock.systemUTC(),
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
    try {
      Receiver.eventually(() -> answers(amPort), Duration.ofSeconds(20));
      TestVertx.await(agent.start(1));
      up.set(false);
      Receiver.eventually(() -> listed(amPort), Duration.ofSeconds(20));
      JsonObject labels = alerts(amPort).getJsonObject(0).getJsonObject("labels");
      assertThat(labels.getMap())
          .containsEntry("alertname", "LookoutTargetFailing")
          .containsEntry("severity", "critical")
          .containsEntry("env", "e2e");
      up.set(true);
      Receiver.eventually(() -> !listed(amPort), Duration.ofSeconds(20));
    } finally {
      TestVertx.await(agent.stop());
      TestVertx.await(target.close());
      am.destroy();
      am.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
