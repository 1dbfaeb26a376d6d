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
  @TempDir Path stateB;
  Agent agent;
  Agent peer;

  @AfterEach
  void stop() {
    if (agent != null) {
      await(agent.stop());
    }
    if (peer != null) {
      await(peer.stop());
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

  /**
   * The README's HA advice, run: two agents, each the owner of its shard; {@code lookout ping
   * --also} reports to both; both keep the ping, only the owner judges the target.
   */
  @Test
  void aPingSentToEveryAgentIsKeptByAllAndJudgedByTheShardThatOwnsIt() throws Exception {
    String yaml =
        """
        agent: {listen: "127.0.0.1:0", state_dir: "STATE", shard: SHARD}
        defaults: {interval: 200ms, alert: {after: 1, group_wait: 0s}}
        notifiers: {console: {type: log}}
        targets:
          - {name: nightly-backup, heartbeat: {every: 24h, grace: 30m}}
        """;
    boolean firstOwns = Sharding.owns(dev.lookout.config.Shard.parse("1/2"), "nightly-backup");
    agent =
        new Agent(
            loop.vertx(),
            TestTargets.config(
                yaml.replace("STATE", state.toString())
                    .replace("SHARD", firstOwns ? "1/2" : "2/2")),
            HostResolver.system(),
            "test",
            Clock.systemUTC());
    peer =
        new Agent(
            loop.vertx(),
            TestTargets.config(
                yaml.replace("STATE", stateB.toString())
                    .replace("SHARD", firstOwns ? "2/2" : "1/2")),
            HostResolver.system(),
            "test",
            Clock.systemUTC());
    await(agent.start(1));
    await(peer.start(1));

    int code =
        dev.lookout.cli.Main.execute(
            "ping",
            "http://127.0.0.1:" + agent.port() + "/ping/nightly-backup",
            "--also",
            "http://127.0.0.1:" + peer.port() + "/ping/nightly-backup");
    assertThat(code).isZero();

    // Both stored the ping, so a re-shard or a failover finds it wherever the target goes.
    for (Path dir : java.util.List.of(state, stateB)) {
      var stored =
          dev.lookout.check.heartbeat.HeartbeatStore.read(
              new dev.lookout.check.heartbeat.HeartbeatStore(loop.vertx(), dir)
                  .file("nightly-backup"));
      assertThat(stored).as(dir.toString()).isNotNull();
      assertThat(stored.neverPinged()).as(dir.toString()).isFalse();
    }
    // Only the owner judges it; the peer does not even list it.
    assertThat(until(s -> s.lastProbeAt() != null && s.healthy()).name())
        .isEqualTo("nightly-backup");
    assertThat(await(peer.statuses())).isEmpty();
  }
}
