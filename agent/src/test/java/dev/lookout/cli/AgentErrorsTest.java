package dev.lookout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.HostPort;
import dev.lookout.testing.LogCapture;
import dev.lookout.testing.TestServers;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Errors about the agent itself read as sentences that say what to change, not exceptions. */
class AgentErrorsTest {
  @TempDir Path dir;

  private Path config(String listen) throws Exception {
    Path p = dir.resolve("lookout.yaml");
    Files.writeString(
        p,
        "agent: {listen: \""
            + listen
            + "\", state_dir: \""
            + dir.resolve("state")
            + "\"}\ntargets:\n  - {name: a, http: {url: \"http://127.0.0.1:1/\"}, interval: 1h}\n");
    return p;
  }

  private static String startFailure(Path config) {
    try (LogCapture log = LogCapture.start()) {
      CliTest.Run r = CliTest.run("run", "-c", config.toString());
      assertThat(r.code()).isEqualTo(1);
      return String.join("\n", log.events().stream().map(e -> e.getFormattedMessage()).toList());
    }
  }

  @Test
  void runOnABusyPortSaysTheAddressIsInUse() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      String at = "127.0.0.1:" + busy.getLocalPort();
      String logged = startFailure(config(at));
      assertThat(logged)
          .contains("cannot listen on " + at + ": the address is in use (set agent.listen)")
          .doesNotContain("Exception", "error(-");
    }
  }

  @Test
  void runOnAnAddressThisMachineDoesNotHaveSaysSo() throws Exception {
    // TEST-NET-1 is on no interface here: the bind fails at once, no packet leaves.
    String logged = startFailure(config("192.0.2.1:9464"));
    assertThat(logged)
        .contains(
            "cannot listen on 192.0.2.1:9464: this machine has no such address (set agent.listen)")
        .doesNotContain("Exception", "error(-");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Address already in use | 0.0.0.0:9464 | cannot listen on 0.0.0.0:9464: the address is in use (set agent.listen)",
        "Permission denied | 0.0.0.0:80 | cannot listen on 0.0.0.0:80: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE; set agent.listen)",
        "Cannot assign requested address | [2001:db8::1]:9464 | cannot listen on [2001:db8::1]:9464: this machine has no such address (set agent.listen)",
      })
  void bindFailuresAreTranslated(String reason, String listen, String expected) {
    HostPort at = HostPort.parse(listen, 9464);
    Exception wrapped = new RuntimeException(new BindException(reason));
    assertThat(StartFailure.describe(wrapped, at)).isEqualTo(expected);
  }

  @Test
  void healthOnAClosedPortAsksWhetherTheAgentRuns() {
    String url = "http://127.0.0.1:" + TestServers.closedPort() + "/healthz";
    CliTest.Run r = CliTest.run("health", url);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo("nothing answers at " + url + " (connection refused): is the agent running?");
  }

  @Test
  void healthWithABrokenUrlSaysSo() {
    CliTest.Run r = CliTest.run("health", "127.0.0.1:9464/healthz");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo(
            "\"127.0.0.1:9464/healthz\" is not an http:// URL (like http://127.0.0.1:9464/healthz)");
  }
}
