package dev.lookout.runtime;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.probe.HostResolver;
import dev.lookout.testing.TestServers;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state directory that stops taking writes while the agent runs: {@code /readyz} and {@code
 * lookout_state_writable} say so, and both recover once it takes writes again. Tests run as root,
 * where permissions stop nothing, so the journal's path is taken by a directory instead.
 */
class StateDirectoryAgentTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  static final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path state;
  Agent agent;
  HttpServer flapping;

  @AfterEach
  void stop() {
    if (agent != null) {
      await(agent.stop());
    }
    if (flapping != null) {
      await(flapping.close());
    }
  }

  HttpResponse<String> until(String path, Predicate<HttpResponse<String>> ok) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (ok.test(r)) {
        return r;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no such answer from " + path + " within 20 s; last: " + r.body());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
  }

  @Test
  void aStateDirectoryThatRefusesWritesMakesTheAgentNotReadyUntilItTakesThemAgain()
      throws Exception {
    // Up, down, up, down: the alert state changes at every probe, so there is always a write.
    AtomicInteger requests = new AtomicInteger();
    flapping =
        TestServers.http(
            loop.vertx(),
            "127.0.0.1",
            req ->
                req.response()
                    .setStatusCode(requests.incrementAndGet() % 2 == 0 ? 503 : 200)
                    .end());
    var config =
        TestTargets.config(
            """
            agent: {listen: "127.0.0.1:0", state_dir: "STATE"}
            defaults: {interval: 200ms, timeout: 1s, alert: {after: 1, resolve_after: 1, group_wait: 0s}}
            notifiers: {console: {type: log}}
            targets:
              - {name: flapping, http: {url: "URL"}}
            """
                .replace("STATE", state.toString())
                .replace("URL", "http://127.0.0.1:" + flapping.actualPort() + "/"));
    agent = new Agent(loop.vertx(), config, HostResolver.system(), "test", Clock.systemUTC());
    await(agent.start(1));
    // Asserted on the state_dir reason alone: on a loaded machine a 200 ms interval can also make
    // the agent (rightly) say it is overloaded.
    assertThat(until("/readyz", r -> !r.body().contains("state_dir")).body())
        .doesNotContain("state_dir");

    Path journal = state.resolve("alerts.journal");
    Files.deleteIfExists(journal);
    Files.createDirectory(journal); // every append to the journal fails from now on
    HttpResponse<String> notReady = until("/readyz", r -> r.body().contains("state_dir"));
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body())
        .contains("state_dir: state directory " + state + " is not writable: alert states (");
    assertThat(until("/metrics", r -> r.body().contains("lookout_state_writable 0.0")).body())
        .contains("lookout_state_writable 0.0");

    Files.delete(journal);
    // The state_dir reason goes (an "overloaded" one may come and go on a loaded machine).
    assertThat(until("/readyz", r -> !r.body().contains("state_dir")).body())
        .doesNotContain("state_dir");
    assertThat(until("/metrics", r -> r.body().contains("lookout_state_writable 1.0")).body())
        .contains("lookout_state_writable 1.0");
  }
}
