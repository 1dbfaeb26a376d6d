package dev.lookout.check.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.heartbeat.HeartbeatSchedule.Cron;
import dev.lookout.check.heartbeat.HeartbeatSchedule.Every;
import dev.lookout.config.CheckBlocks;
import dev.lookout.config.CheckBlocks.Parsed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeartbeatCheckParserTest {
  @TempDir Path dir;

  private Parsed<HeartbeatCheck> parse(String block, Map<String, String> env) throws Exception {
    String yaml = "targets:\n  - name: nightly-backup\n    heartbeat: " + block + "\n";
    return CheckBlocks.parse(yaml, "heartbeat", env, dir, new HeartbeatCheckParser()::parse);
  }

  private HeartbeatCheck check(String block) throws Exception {
    Parsed<HeartbeatCheck> p = parse(block, Map.of());
    assertThat(p.errors()).isEmpty();
    return p.value();
  }

  private List<String> errors(String block) throws Exception {
    Parsed<HeartbeatCheck> p = parse(block, Map.of());
    assertThat(p.errors()).as("the block should be rejected").isNotEmpty();
    return p.errors();
  }

  @Test
  void theIssueExampleLoads() throws Exception {
    Parsed<HeartbeatCheck> p =
        parse(
            "{schedule: \"0 3 * * *\", time_zone: Europe/Berlin, grace: 30m, max_runtime: 2h,"
                + " min_runtime: 1m, token: \"${BACKUP_PING_TOKEN}\"}",
            Map.of("BACKUP_PING_TOKEN", "s3cret"));
    assertThat(p.errors()).isEmpty();
    HeartbeatCheck c = p.value();
    assertThat(c.schedule()).isEqualTo(Cron.parse("0 3 * * *", ZoneId.of("Europe/Berlin")));
    assertThat(c.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(c.grace()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.maxRuntime()).isEqualTo(Duration.ofHours(2));
    assertThat(c.minRuntime()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.token()).isEqualTo("s3cret");
    assertThat(c.toString()).doesNotContain("s3cret");
  }

  @Test
  void aPeriodWithDefaults() throws Exception {
    HeartbeatCheck c = check("{every: 1m, grace: 30s}");
    assertThat(c.schedule()).isEqualTo(new Every(Duration.ofMinutes(1)));
    assertThat(c.timeZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(c.maxRuntime()).isNull();
    assertThat(c.minRuntime()).isNull();
    assertThat(c.token()).isNull();
    assertThat(c.defaultInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(check("{every: 1h, grace: 10s}").defaultInterval())
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void theTokenComesFromAFile() throws Exception {
    Files.writeString(dir.resolve("token"), "from-file\n");
    assertThat(check("{every: 1m, grace: 30s, token_file: token}").token()).isEqualTo("from-file");
  }

  @Test
  void twoLoadsOfTheSameBlockAreEqual() throws Exception {
    String block = "{schedule: \"*/15 * * * *\", time_zone: Europe/Berlin, grace: 1m}";
    assertThat(check(block)).isEqualTo(check(block));
  }

  /** The fixture the config tests will load once the type is registered (issue 17 wiring). */
  @Test
  void theInvalidConfigFixturePinsItsMessage() throws Exception {
    Path fixture = Path.of("src/test/resources/config/testdata/invalid-heartbeat-cron.yaml");
    Parsed<HeartbeatCheck> p =
        CheckBlocks.parse(
            "invalid-heartbeat-cron.yaml",
            Files.readString(fixture),
            "heartbeat",
            Map.of(),
            dir,
            new HeartbeatCheckParser()::parse);
    assertThat(p.errors())
        .containsExactly(
            "invalid-heartbeat-cron.yaml:3:27: target \"nightly-backup\".heartbeat.schedule: the"
                + " hour field \"25\" of \"0 25 * * *\" is not valid: 25 not in range 0-23"
                + " (allowed: 0-23, *, lists, ranges, steps)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{schedule: \"61 3 * * *\", grace: 1m}|lookout.yaml:3:27: target \"nightly-backup\".heartbeat.schedule: the minute field \"61\" of \"61 3 * * *\" is not valid: 61 not in range 0-59",
        "{schedule: \"0 25 * * *\", grace: 1m}|the hour field \"25\" of \"0 25 * * *\" is not valid: 25 not in range 0-23",
        "{schedule: \"0 3 32 * *\", grace: 1m}|the day-of-month field \"32\"",
        "{schedule: \"0 3 * 13 *\", grace: 1m}|the month field \"13\"",
        "{schedule: \"0 3 * * funday\", grace: 1m}|the day-of-week field \"funday\"",
        "{schedule: \"0 3 * *\", grace: 1m}|\"0 3 * *\" has 4 field(s), a cron schedule has 5",
        "{schedule: \"@daily\", grace: 1m}|\"@daily\" has 1 field(s)",
        "{schedule: \"5-1 * * * *\", grace: 1m}|the minute field \"5-1\" of \"5-1 * * * *\" is not valid: a range must go from low to high",
        "{schedule: \"0 3 * * *\", every: 1h, grace: 1m}|has both \"schedule\" and \"every\"",
        "{grace: 1m}|lookout.yaml:3:16: target \"nightly-backup\".heartbeat needs \"schedule\"",
        "{every: 1m}|target \"nightly-backup\".heartbeat needs \"grace\"",
        "{every: 0s, grace: 1m}|heartbeat.every must be longer than zero",
        "{every: soon, grace: 1m}|heartbeat.every: \"soon\" is not a duration",
        "{schedule: \"0 3 * * *\", grace: 1m, time_zone: Mars/Olympus}|\"Mars/Olympus\" is not a time zone",
        "{every: 1h, grace: 1m, max_runtime: 1m, min_runtime: 5m}|min_runtime must be shorter than max_runtime",
        "{every: 1h, grace: 1m, tokn: abc}|unknown key \"tokn\" in target \"nightly-backup\".heartbeat (did you mean \"token\"?)",
        "{every: 1h, grace: 1m, token: \"${UNSET}\"}|heartbeat.token",
      })
  void brokenBlocksAreConfigErrorsWithAPosition(String block, String expected) throws Exception {
    assertThat(String.join("\n", errors(block))).contains(expected);
  }
}
