package dev.lookout.testing;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Config;
import dev.lookout.config.Durations;
import dev.lookout.probe.HostResolver;
import dev.lookout.runtime.Agent;
import dev.lookout.status.TargetStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The standing hostile corpus: each {@link HostileCase} runs through a real {@link Agent} (its
 * scheduler, probe, evaluator and status server) against a server that misbehaves on purpose. A
 * check type inherits the corpus by extending this class and listing its cases in {@link #cases}.
 *
 * <p>Every case asserts that the probe fails with a reason a person can read (the expected words;
 * no exception class, no {@code For input string}, no raw control characters) within the timeout
 * plus a grace, that nothing was logged as ERROR or with a stack trace while it ran, and that the
 * agent's {@code /healthz} kept answering while the hostile probe was in flight.
 */
public abstract class HostileHarness {
  @RegisterExtension protected static final TestVertx loop = new TestVertx();

  /** The target's timeout unless a case sets its own. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(1);

  /** How much later than its timeout a probe may settle (scheduling, a loaded 2-core machine). */
  protected static final Duration GRACE = Duration.ofMillis(1500);

  private static final HttpClient HEALTH = HttpClient.newHttpClient();

  /** The cases of this check type. */
  protected abstract Stream<HostileCase> cases();

  @TestFactory
  Stream<DynamicTest> hostileCorpus() {
    return cases().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
  }

  private void run(HostileCase c) throws Exception {
    HostileServers.Server server = c.server().apply(loop.vertx());
    Agent agent = null;
    try (LogCapture log = LogCapture.start()) {
      agent =
          new Agent(
              loop.vertx(),
              config(c, server.port()),
              HostResolver.system(),
              "test",
              Clock.systemUTC());
      await(agent.start(1));
      Duration timeout = timeoutOf(c);
      long deadline = System.nanoTime() + timeout.plus(GRACE).plusSeconds(2).toNanos();
      List<Integer> healthDuringProbe = new ArrayList<>();
      TargetStatus status;
      while (true) {
        status = await(agent.statuses()).get(0);
        if (status.lastProbeAt() != null) {
          break;
        }
        healthDuringProbe.add(health(agent));
        assertThat(System.nanoTime()).as("the probe never settled").isLessThan(deadline);
        LockSupport.parkNanos(20_000_000);
      }
      String reason = reason(status);
      assertThat(status.healthy()).as("a hostile target is not healthy: " + reason).isFalse();
      assertThat(reason)
          .as("reason")
          .isNotBlank()
          .contains(c.reason().replace("PORT", String.valueOf(server.port())))
          .doesNotContain("Exception")
          .doesNotContain("For input string")
          .doesNotContainPattern("[\\x00-\\x1f\\x7f]");
      assertThat(status.lastDurationSeconds())
          .as("probe duration, against timeout " + Durations.human(timeout) + " + grace")
          .isLessThanOrEqualTo(timeout.plus(GRACE).toNanos() / 1e9);
      assertThat(healthDuringProbe)
          .as("/healthz while the probe ran")
          .isNotEmpty()
          .containsOnly(200);
      assertThat(health(agent)).as("/healthz after the probe").isEqualTo(200);
      assertThat(log.errorsAndStackTraces()).as("errors logged during the case").isEmpty();
    } finally {
      if (agent != null) {
        await(agent.stop());
      }
      await(server.close());
    }
  }

  /** What a person is told: the probe's failure, or the findings of an answer that was judged. */
  private static String reason(TargetStatus s) {
    if (s.lastError() != null) {
      return s.lastError();
    }
    return s.findings().stream().map(f -> f.message()).collect(Collectors.joining("; "));
  }

  private static int health(Agent agent) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + "/healthz"))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      return HEALTH.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      throw new AssertionError("/healthz did not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Duration timeoutOf(HostileCase c) {
    for (String line : c.target().strip().split("\n")) {
      if (line.strip().startsWith("timeout:")) {
        return Durations.parse(line.strip().substring(8).strip());
      }
    }
    return TIMEOUT;
  }

  private static Config config(HostileCase c, int port) throws Exception {
    StringBuilder yaml =
        new StringBuilder()
            .append("agent: {listen: \"127.0.0.1:0\", state_dir: \"")
            .append(Files.createTempDirectory("lookout-hostile"))
            .append("\"}\n")
            .append("defaults: {interval: 300ms, timeout: ")
            .append(TIMEOUT.toMillis())
            .append("ms}\n")
            .append("targets:\n  - name: hostile\n");
    for (String line : c.target().strip().split("\n")) {
      yaml.append("    ").append(line.strip().replace("PORT", String.valueOf(port))).append('\n');
    }
    return TestTargets.config(yaml.toString());
  }
}
