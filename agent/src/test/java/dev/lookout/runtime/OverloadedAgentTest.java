package dev.lookout.runtime;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Config;
import dev.lookout.probe.HostResolver;
import dev.lookout.testing.Scrapes;
import dev.lookout.testing.TestClock;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent with more work than slots: fourteen targets on a server that accepts and never answers,
 * one probe at a time. It falls behind by seconds within seconds, and says so.
 */
class OverloadedAgentTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  static final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path state;
  final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
  NetServer silent;
  Agent agent;

  @AfterEach
  void stop() {
    if (agent != null) {
      await(agent.stop());
    }
    if (silent != null) {
      await(silent.close());
    }
  }

  private Config config(String prefix, int targets) throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            "agent: {listen: \"127.0.0.1:0\", max_in_flight: 1, state_dir: \""
                + Files.createDirectories(state).toString()
                + "\"}\ndefaults: {interval: 1s, timeout: 500ms}\ntargets:\n");
    for (int i = 0; i < targets; i++) {
      yaml.append("  - {name: ")
          .append(prefix)
          .append(i)
          .append(", http: {url: \"http://127.0.0.1:")
          .append(silent.actualPort())
          .append("/\"}}\n");
    }
    return TestTargets.config(yaml.toString());
  }

  private HttpResponse<String> get(String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private HttpResponse<String> until(String path, Predicate<HttpResponse<String>> ok) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> r = get(path);
      if (ok.test(r)) {
        return r;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no such answer from " + path + " within 30 s; last: " + r.body());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
  }

  private static double beyond(String scrape, String le) {
    return Scrapes.value(scrape, "lookout_scheduler_lag_seconds_bucket", "le", "+Inf")
        - Scrapes.value(scrape, "lookout_scheduler_lag_seconds_bucket", "le", le);
  }

  @Test
  void anAgentFallingBehindIsNotReadyShowsItAndRecoversOnceItKeepsUp() throws Exception {
    silent = await(loop.vertx().createNetServer().connectHandler(s -> {}).listen(0, "127.0.0.1"));
    agent = new Agent(loop.vertx(), config("t", 14), HostResolver.system(), "test", clock);
    await(agent.start(1));

    HttpResponse<String> notReady = until("/readyz", r -> r.statusCode() == 503);
    assertThat(notReady.body())
        .startsWith("overloaded: in the last minute probes started up to ")
        .contains("raise agent.max_in_flight, shorten the targets' timeouts, or split the targets");

    // Fourteen half-second probes one at a time: starts soon fall more than 5 s behind, and the
    // histogram has buckets out there to show it.
    String scrape = until("/metrics", r -> beyond(r.body(), "5.0") > 0).body();
    assertThat(beyond(scrape, "5.0")).isGreaterThan(0);
    assertThat(Scrapes.value(scrape, "lookout_scheduler_lag_seconds_bucket", "le", "300.0"))
        .isEqualTo(Scrapes.value(scrape, "lookout_scheduler_lag_seconds_bucket", "le", "+Inf"));
    assertThat(scrape).contains("lookout_scheduler_overloaded 1.0");

    JsonObject status = new JsonObject(get("/api/status").body()).getJsonObject("agent");
    assertThat(status.getBoolean("ready")).isFalse();
    assertThat(status.getBoolean("overloaded")).isTrue();
    assertThat(status.getJsonObject("not_ready").getString("overloaded"))
        .startsWith("in the last minute probes started up to ");
    assertThat(get("/").body()).contains("<p class=\"not-ready\"><b>overloaded</b>: in the last");

    // A new target that fits in the one slot (none of the old ones is left waiting to start
    // late); once the late starts are more than a minute old, the agent is ready again.
    await(agent.apply(config("fits", 1)));
    clock.advance(Duration.ofSeconds(61));
    HttpResponse<String> ready = until("/readyz", r -> r.statusCode() == 200);
    assertThat(ready.body()).isEqualTo("ready\n");
    JsonObject after = new JsonObject(get("/api/status").body()).getJsonObject("agent");
    assertThat(after.getBoolean("overloaded")).isFalse();
    assertThat(after.getJsonObject("not_ready")).isEmpty();
  }
}
