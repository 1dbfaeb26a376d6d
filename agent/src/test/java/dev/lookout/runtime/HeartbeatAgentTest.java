package dev.lookout.runtime;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.probe.HostResolver;
import dev.lookout.status.TargetStatus;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A heartbeat target in a running agent: pings arrive on its listener and reach the verdict. */
class HeartbeatAgentTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  static final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path state;
  Agent agent;

  @AfterEach
  void stop() {
    if (agent != null) {
      await(agent.stop());
    }
  }

  TargetStatus until(Predicate<TargetStatus> ok) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      TargetStatus s = await(agent.statuses()).get(0);
      if (ok.test(s)) {
        return s;
      }
      assertThat(System.nanoTime()).as("last: " + s).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
  }

  @Test
  void aPingOnTheAgentsListenerKeepsTheTargetUpAndSilenceMakesItFail() throws Exception {
    var config =
        TestTargets.config(
            """
            agent: {listen: "127.0.0.1:0", state_dir: "STATE"}
            defaults: {interval: 200ms, alert: {after: 1, group_wait: 0s}}
            notifiers: {console: {type: log}}
            targets:
              - {name: payout-worker, heartbeat: {every: 2s, grace: 1s}}
            """
                .replace("STATE", state.toString()));
    agent = new Agent(loop.vertx(), config, HostResolver.system(), "test", Clock.systemUTC());
    await(agent.start(1));
    HttpResponse<String> ping =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + agent.port() + "/ping/payout-worker"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(ping.body()).contains("\"ok\":true");
    assertThat(until(s -> s.lastProbeAt() != null && s.healthy()).healthy()).isTrue();

    // No ping for every (2 s) + grace (1 s): the next evaluation says so.
    TargetStatus late = until(s -> !s.healthy());
    assertThat(late.findings().get(0).message()).startsWith("no ping since ");
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("lookout_heartbeat_pings_total{")
        .contains("lookout_uptime_ratio{");
  }
}
