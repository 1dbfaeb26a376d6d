package dev.lookout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.testing.LogCapture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config warnings: {@code check} prints them and still passes; {@code run} logs them. */
class WarningsCliTest {
  @TempDir Path dir;

  private static final String WARNING =
      "warning: target \"api\": timeout 30 s is longer than the interval 10 s";

  private Path config(String listen) throws Exception {
    Path p = dir.resolve("lookout.yaml");
    Files.writeString(
        p,
        "agent: {listen: \""
            + listen
            + "\", state_dir: \""
            + dir.resolve("state")
            + "\"}\nnotifiers: {console: {type: log}}\ntargets:\n"
            + "  - {name: api, http: {url: \"http://127.0.0.1:1/\"}, interval: 10s, timeout: 30s}\n");
    return p;
  }

  @Test
  void checkPrintsTheWarningAndExitsZero() throws Exception {
    Path p = config("127.0.0.1:0");
    CliTest.Run r = CliTest.run("check", "-c", p.toString());
    assertThat(r.code()).isZero();
    assertThat(r.err()).contains(p + ":4:77: " + WARNING);
    assertThat(r.out()).contains(": OK (1 target, 1 notifier, 1 warning)");
  }

  @Test
  void runLogsTheWarningWhenItLoadsTheFile() throws Exception {
    // A busy port ends the run right after the load, so the test needs no daemon to stop.
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        LogCapture log = LogCapture.start()) {
      CliTest.Run r =
          CliTest.run("run", "-c", config("127.0.0.1:" + busy.getLocalPort()).toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(log.events())
          .anySatisfy(
              e -> {
                assertThat(e.getLevel().toString()).isEqualTo("WARN");
                assertThat(e.getFormattedMessage()).contains(WARNING);
              });
    }
  }
}
