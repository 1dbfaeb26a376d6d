package dev.lookout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.heartbeat.HeartbeatCheck;
import dev.lookout.check.heartbeat.HeartbeatSchedule.Every;
import dev.lookout.check.heartbeat.HeartbeatState;
import dev.lookout.check.heartbeat.PingServer;
import dev.lookout.testing.TestServers;
import dev.lookout.testing.TestVertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code lookout ping}: the wrapper that reports a command's start, exit status and output. */
class PingCommandTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path dir;

  static final String TOKEN = "cli-token-0123";
  static final HeartbeatCheck BACKUP =
      new HeartbeatCheck(
          new Every(Duration.ofHours(24)),
          ZoneOffset.UTC,
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          null,
          TOKEN);

  Path tokenFile() throws Exception {
    Path p = dir.resolve("token");
    Files.writeString(p, TOKEN + "\n");
    return p;
  }

  @Test
  void wrapsACommandAndReportsItsExitStatusAndOutput() throws Exception {
    try (PingServer agent =
        new PingServer(loop.vertx(), dir.resolve("a"), Map.of("backup", BACKUP))) {
      CliTest.Run r =
          CliTest.run(
              "ping",
              "--token-file",
              tokenFile().toString(),
              agent.base() + "/ping/backup",
              "--",
              "sh",
              "-c",
              "echo copying; echo 'disk full' >&2; exit 4");
      assertThat(r.code()).isEqualTo(4);
      assertThat(r.out()).contains("copying").contains("disk full");
      assertThat(r.err()).isEmpty();
      HeartbeatState s = agent.state("backup");
      assertThat(s.openRuns()).as("the start was paired with its end by rid").isEmpty();
      assertThat(s.lastRun().exitStatus()).isEqualTo(4);
      assertThat(s.lastRun().duration()).isNotNull();
      assertThat(s.lastRun().log()).isEqualTo("copying\ndisk full\n");
    }
  }

  @Test
  void sendsOnlyTheTailOfALongOutputFromALineStart() throws Exception {
    try (PingServer agent =
        new PingServer(loop.vertx(), dir.resolve("a"), Map.of("backup", BACKUP))) {
      CliTest.Run r =
          CliTest.run(
              "ping",
              "--token-file",
              tokenFile().toString(),
              agent.base() + "/ping/backup",
              "--",
              "sh",
              "-c",
              "i=0; while [ $i -lt 3000 ]; do echo line $i; i=$((i+1)); done");
      assertThat(r.code()).isZero();
      String log = agent.state("backup").lastRun().log();
      assertThat(log.length()).isLessThanOrEqualTo(PingCommand.TAIL_BYTES);
      assertThat(log).startsWith("line ").endsWith("line 2999\n");
      assertThat(agent.state("backup").lastRun().logCut()).isZero();
    }
  }

  @Test
  void everyAgentGetsThePing() throws Exception {
    try (PingServer a = new PingServer(loop.vertx(), dir.resolve("a"), Map.of("backup", BACKUP));
        PingServer b = new PingServer(loop.vertx(), dir.resolve("b"), Map.of("backup", BACKUP))) {
      CliTest.Run r =
          CliTest.run(
              "ping",
              "--token-file",
              tokenFile().toString(),
              a.base() + "/ping/backup",
              "--also",
              b.base() + "/ping/backup");
      assertThat(r.code()).isZero();
      assertThat(a.state("backup").lastRun().ok()).isTrue();
      assertThat(b.state("backup").lastRun().ok()).isTrue();
    }
  }

  @Test
  void theJobRunsWhenTheAgentIsDownAndKeepsItsExitStatus() throws Exception {
    String down = "http://127.0.0.1:" + TestServers.closedPort() + "/ping/backup";
    CliTest.Run r = CliTest.run("ping", down, "--", "sh", "-c", "echo still ran; exit 2");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).contains("still ran");
    assertThat(r.err())
        .contains("lookout ping: http://127.0.0.1:")
        .contains("/ping/backup/start did not answer (connection refused)")
        .doesNotContain("Exception");
  }

  @Test
  void aWrongTokenIsSaidAndAPlainPingExitsOne() throws Exception {
    try (PingServer agent =
        new PingServer(loop.vertx(), dir.resolve("a"), Map.of("backup", BACKUP))) {
      Path wrong = dir.resolve("wrong");
      Files.writeString(wrong, "nope");
      CliTest.Run r =
          CliTest.run("ping", "--token-file", wrong.toString(), agent.base() + "/ping/backup");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("answered 401").doesNotContain("nope");
      assertThat(agent.state("backup").neverPinged()).isTrue();
    }
  }
}
