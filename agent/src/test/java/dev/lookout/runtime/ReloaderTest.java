package dev.lookout.runtime;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.ConfigLoader;
import dev.lookout.probe.HostResolver;
import dev.lookout.status.TargetStatus;
import dev.lookout.testing.TestServers;
import dev.lookout.testing.TestVertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ReloaderTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path dir;
  HttpServer site;
  Agent agent;
  Path file;
  Reloader reloader;

  String config(String... names) {
    StringBuilder yaml =
        new StringBuilder(
            "agent: {listen: \"127.0.0.1:0\", state_dir: \""
                + dir.resolve("state")
                + "\"}\ndefaults: {interval: 100ms, timeout: 1s}\ntargets:\n");
    for (String n : names) {
      yaml.append("  - {name: ")
          .append(n)
          .append(", http: {url: \"http://127.0.0.1:")
          .append(site.actualPort())
          .append("/")
          .append(n)
          .append("\"}}\n");
    }
    return yaml.toString();
  }

  @BeforeEach
  void start() throws Exception {
    site = TestServers.http(loop.vertx(), "127.0.0.1", r -> r.response().end("ok"));
    file = dir.resolve("lookout.yaml");
    Files.writeString(file, config("kept", "removed"));
    ConfigLoader loader = new ConfigLoader(System::getenv);
    agent =
        new Agent(
            loop.vertx(), loader.load(file), HostResolver.system(), "test", Clock.systemUTC());
    await(agent.start(2));
    reloader = new Reloader(loop.vertx(), agent, file, loader, UnaryOperator.identity());
  }

  @AfterEach
  void stop() {
    reloader.stop();
    await(agent.stop());
    await(site.close());
  }

  List<TargetStatus> statusWhen(Predicate<List<TargetStatus>> ready) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<TargetStatus> s = await(agent.statuses());
      if (ready.test(s)) {
        return s;
      }
      assertThat(System.nanoTime()).as("status never matched: %s", s).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
    }
  }

  static TargetStatus named(List<TargetStatus> all, String name) {
    return all.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  @Test
  void aValidReloadKeepsUnchangedTargetsHistory() throws Exception {
    int before =
        named(
                statusWhen(
                    s -> named(s, "kept") != null && named(s, "kept").latency().count() >= 3),
                "kept")
            .latency()
            .count();
    Files.writeString(file, config("kept", "added"));
    assertThat(await(reloader.reload())).isTrue();
    List<TargetStatus> after =
        statusWhen(s -> named(s, "added") != null && named(s, "added").lastProbeAt() != null);
    assertThat(after).extracting(TargetStatus::name).containsExactlyInAnyOrder("kept", "added");
    assertThat(named(after, "kept").latency().count()).isGreaterThanOrEqualTo(before);
    assertThat(agent.metrics().scrape(null).body())
        .contains("lookout_config_last_reload_successful 1.0")
        .doesNotContain("target=\"removed\"");
  }

  @Test
  void anInvalidFileIsRefusedAndTheOldConfigKeepsRunning() throws Exception {
    statusWhen(s -> s.size() == 2);
    Files.writeString(
        file,
        "targets:\n  - {name: broken, http: {url: \"http://127.0.0.1:1/\"}, interval: fast}\n");
    try (dev.lookout.testing.LogCapture logs = dev.lookout.testing.LogCapture.start()) {
      assertThat(await(reloader.reload())).isFalse();
      assertThat(logs.events())
          .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .anyMatch(m -> m.startsWith("reload refused: 1 error in "));
    }
    assertThat(agent.metrics().scrape(null).body())
        .contains("lookout_config_last_reload_successful 0.0");
    assertThat(await(agent.statuses()))
        .extracting(TargetStatus::name)
        .containsExactlyInAnyOrder("kept", "removed");
    Files.writeString(file, config("kept"));
    assertThat(await(reloader.reload())).isTrue();
    assertThat(agent.metrics().scrape(null).body())
        .contains("lookout_config_last_reload_successful 1.0");
  }

  @Test
  void aChangedFileIsPickedUpWithoutASignal() throws Exception {
    await(reloader.watch(50));
    Files.writeString(file, config("kept", "removed", "third"));
    statusWhen(s -> named(s, "third") != null);
  }
}
