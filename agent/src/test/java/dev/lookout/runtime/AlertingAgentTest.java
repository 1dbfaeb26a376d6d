package dev.lookout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.alert.Backoff;
import dev.lookout.alert.Receiver;
import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.probe.HostResolver;
import dev.lookout.status.TargetStatus;
import dev.lookout.testing.TestVertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on loopback: a target goes down, the agent fires through the outbox to a webhook,
 * is restarted while firing (no second FIRING), and resolves when the target recovers.
 */
class AlertingAgentTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path stateDir;

  @BeforeAll
  static void warmUp() {
    Receiver.warmUp();
  }

  Config config(int targetPort, Receiver hook) throws Exception {
    String yaml =
        "agent: {listen: \"127.0.0.1:0\", state_dir: \""
            + stateDir
            + "\", labels: {location: test}}\n"
            + "defaults:\n"
            + "  interval: 1s\n"
            + "  timeout: 1s\n"
            + "  alert: {after: 3, resolve_after: 2, group_wait: 0s}\n"
            + "notifiers:\n"
            + "  hook: {type: webhook, url: \""
            + hook.url("/hook")
            + "\"}\n"
            + "targets:\n"
            + "  - name: shop\n"
            + "    http: {url: \"http://127.0.0.1:"
            + targetPort
            + "/\"}\n";
    return new ConfigLoader(Map.<String, String>of()::get).parse("lookout.yaml", stateDir, yaml);
  }

  Agent start(Config c) {
    Agent a =
        new Agent(
            loop.vertx(),
            c,
            HostResolver.system(),
            "test",
            Clock.systemUTC(),
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)));
    return TestVertx.await(a.start(1));
  }

  static List<String> statuses(Receiver r) {
    return r.delivered().stream()
        .map(req -> req.json().getJsonArray("alerts").getJsonObject(0))
        .map(o -> o.getString("status"))
        .toList();
  }

  @Test
  void firesOnceAcrossARestartAndResolves() throws Exception {
    AtomicBoolean up = new AtomicBoolean(true);
    HttpServer target =
        TestVertx.await(
            loop.vertx()
                .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> req.response().setStatusCode(up.get() ? 200 : 503).end("ok"))
                .listen());
    Receiver hook = new Receiver(loop.vertx());
    Config c = config(target.actualPort(), hook);
    Agent first = start(c);
    try {
      Receiver.eventually(
          () -> TestVertx.await(first.statuses()).get(0).lastProbeAt() != null,
          Duration.ofSeconds(10));
      long down = System.nanoTime();
      up.set(false);
      Receiver.eventually(() -> hook.delivered().size() == 1, Duration.ofSeconds(15));
      Duration outageToDelivery = Duration.ofNanos(hook.delivered().get(0).nanos() - down);
      System.out.println(
          "outage → delivered FIRING notification: " + outageToDelivery.toMillis() + " ms");
      // interval 1 s × after 3 = 3 s of evidence; the goal is delivery within a second of that.
      assertThat(outageToDelivery).isLessThan(Duration.ofMillis(5500));
      assertThat(statuses(hook)).containsExactly("firing");
      assertThat(first.metrics().scrape(null).body())
          .contains("lookout_alert_firing{location=\"test\",target=\"shop\"} 1.0")
          .contains(
              "lookout_notifications_total{location=\"test\",notifier=\"hook\",result=\"sent\"} 1.0");
    } finally {
      TestVertx.await(first.stop());
    }
    assertThat(Files.readString(stateDir.resolve("alerts.json"))).contains("\"FIRING\"");

    Agent second = start(c);
    try {
      // Still down across three more verdicts: the restart must not announce it again.
      Receiver.eventually(
          () -> {
            TargetStatus s = TestVertx.await(second.statuses()).get(0);
            return s.lastProbeAt() != null
                && s.state() == dev.lookout.alert.AlertStateMachine.State.FIRING;
          },
          Duration.ofSeconds(10));
      up.set(true);
      Receiver.eventually(() -> hook.delivered().size() == 2, Duration.ofSeconds(15));
      assertThat(statuses(hook)).containsExactly("firing", "resolved");
    } finally {
      TestVertx.await(second.stop());
      hook.close();
      TestVertx.await(target.close());
    }
  }
}
