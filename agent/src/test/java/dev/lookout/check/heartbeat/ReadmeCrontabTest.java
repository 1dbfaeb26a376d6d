package dev.lookout.check.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.heartbeat.HeartbeatSchedule.Cron;
import dev.lookout.testing.TestVertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's crontab lines, copied out of the README and run as cron would ({@code /bin/sh -c},
 * {@code \%} read as {@code %}, the crontab's variables in the environment) with the real {@code
 * curl}, against a real ping API on loopback.
 */
class ReadmeCrontabTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path dir;

  final Map<String, String> env = new LinkedHashMap<>();
  final List<String> lines = new ArrayList<>();

  @BeforeEach
  void readTheReadme() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("### The `heartbeat` check"));
    String block = section.substring(section.indexOf("```crontab\n") + 11);
    block = block.substring(0, block.indexOf("```"));
    for (String line : block.split("\n")) {
      if (line.matches("[A-Z_]+=.*")) {
        env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      } else if (line.startsWith("0 3 * * * ")) {
        lines.add(line.substring("0 3 * * * ".length()));
      }
    }
    assertThat(lines).hasSize(2);
    assertThat(env).containsKey("BACKUP_PING_TOKEN");
  }

  PingServer agent() {
    HeartbeatCheck check =
        new HeartbeatCheck(
            Cron.parse("0 3 * * *", ZoneId.of("Europe/Berlin")),
            ZoneId.of("Europe/Berlin"),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            null,
            env.get("BACKUP_PING_TOKEN"));
    return new PingServer(loop.vertx(), dir.resolve("state"), Map.of("nightly-backup", check));
  }

  /** Runs one crontab line as cron would, the job being {@code script}. */
  int cron(String line, PingServer agent, String script) throws Exception {
    Path job = dir.resolve("backup.sh");
    Files.writeString(job, "#!/bin/sh\n" + script + "\n");
    job.toFile().setExecutable(true);
    String command =
        line.replace("\\%", "%")
            .replace("http://lookout:9464", agent.base())
            .replace("/usr/local/bin/backup.sh", job.toString());
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).as("curl -fsS prints nothing when the ping is taken").isEmpty();
    return p.exitValue();
  }

  @Test
  void theSuccessOnlyLinePingsWhenTheJobSucceeds() throws Exception {
    try (PingServer agent = agent()) {
      assertThat(cron(lines.get(0), agent, "echo done >/dev/null; exit 1")).isEqualTo(1);
      assertThat(agent.state("nightly-backup").neverPinged()).isTrue();
      assertThat(cron(lines.get(0), agent, "exit 0")).isZero();
      assertThat(agent.state("nightly-backup").lastRun().ok()).isTrue();
    }
  }

  @Test
  void theWrappingLineSendsStartThenTheExitStatusAndTheTailOfTheOutput() throws Exception {
    try (PingServer agent = agent()) {
      String script =
          "i=0; while [ $i -lt 2000 ]; do echo \"copied file $i\"; i=$((i+1)); done;"
              + " echo 'rsync: 50% done \\\\n, then: disk full'; exit 3";
      assertThat(cron(lines.get(1), agent, script)).isZero();
      HeartbeatState s = agent.state("nightly-backup");
      assertThat(s.openRuns()).isEmpty();
      assertThat(s.lastRun().exitStatus()).isEqualTo(3);
      assertThat(s.lastRun().duration()).isNotNull();
      assertThat(s.lastRun().log())
          .hasSizeLessThanOrEqualTo(Ping.MAX_LOG_BYTES)
          .endsWith("rsync: 50% done \\n, then: disk full\n");
      assertThat(s.lastRun().logCut()).isZero();
    }
  }
}
