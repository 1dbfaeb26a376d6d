package dev.lookout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.lookout.alert.Receiver;
import dev.lookout.config.ConfigLoader;
import dev.lookout.probe.HostResolver;
import dev.lookout.testing.LogCapture;
import dev.lookout.testing.TestVertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console of {@code lookout run}: one line when a target starts failing (with why) and one when
 * it passes again, long before {@code after} and {@code group_wait} let an alert out.
 */
class TargetChangesAgentTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path stateDir;

  @Test
  void aTargetThatGoesDownAndComesBackIsOneLineEachWay() throws Exception {
    AtomicBoolean up = new AtomicBoolean(true);
    HttpServer target =
        TestVertx.await(
            loop.vertx()
                .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> req.response().setStatusCode(up.get() ? 200 : 503).end())
                .listen());
    String yaml =
        """
        agent: {listen: "127.0.0.1:0", state_dir: "STATE"}
        defaults: {interval: 100ms, timeout: 1s, alert: {after: 1000, group_wait: 1h}}
        targets:
          - {name: shop, http: {url: "TARGET"}}
        """
            .replace("STATE", stateDir.toString())
            .replace("TARGET", "http://127.0.0.1:" + target.actualPort() + "/");
    Agent agent =
        new Agent(
            loop.vertx(),
            new ConfigLoader(Map.<String, String>of()::get).parse("lookout.yaml", stateDir, yaml),
            HostResolver.system(),
            "test",
            Clock.systemUTC());
    try (LogCapture logs = LogCapture.start()) {
      TestVertx.await(agent.start(1));
      Receiver.eventually(
          () -> TestVertx.await(agent.statuses()).get(0).lastProbeAt() != null,
          Duration.ofSeconds(10));
      up.set(false);
      Receiver.eventually(() -> lines(logs).size() == 1, Duration.ofSeconds(10));
      up.set(true);
      Receiver.eventually(() -> lines(logs).size() == 2, Duration.ofSeconds(10));
      // Steady again: no more lines, and the passing first probe said nothing.
      List<String> lines = lines(logs);
      assertThat(lines.get(0)).isEqualTo("WARN shop is failing: status 503, expected 2xx");
      assertThat(lines.get(1)).matches("INFO shop passes again \\(failed for \\d+ s\\)");
    } finally {
      TestVertx.await(agent.stop());
      TestVertx.await(target.close());
    }
  }

  static List<String> lines(LogCapture logs) {
    return logs.events().stream()
        .filter(e -> e.getLoggerName().equals("lookout.targets"))
        .map((ILoggingEvent e) -> e.getLevel() + " " + e.getFormattedMessage())
        .toList();
  }
}
