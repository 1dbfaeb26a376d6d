package dev.lookout.check.heartbeat;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.heartbeat.HeartbeatJudgement.Status;
import dev.lookout.check.heartbeat.HeartbeatSchedule.Every;
import dev.lookout.check.heartbeat.Ping.Kind;
import dev.lookout.evaluate.Finding;
import dev.lookout.testing.LogCapture;
import dev.lookout.testing.TestClock;
import dev.lookout.testing.TestVertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** State in the state directory: a restart resumes the clock and invents nothing (Gatus #1237). */
class HeartbeatRestartTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path stateDir;

  static final HeartbeatCheck DAILY =
      new HeartbeatCheck(
          new Every(Duration.ofHours(25)),
          ZoneOffset.UTC,
          Duration.ZERO,
          Duration.ofHours(2),
          null,
          null);

  final TestClock clock = new TestClock(Instant.parse("2026-12-01T03:00:00Z"));

  Heartbeats agent() {
    Heartbeats h = new Heartbeats(new HeartbeatStore(loop.vertx(), stateDir), clock);
    await(h.configure(Map.of("backup", DAILY)));
    return h;
  }

  @Test
  void aRestartDoesNotResetTheClock() {
    Heartbeats first = agent();
    await(first.record("backup", Ping.start(clock.instant(), "r1")));
    clock.advance(Duration.ofMinutes(10));
    await(
        first.record(
            "backup", Ping.exit(clock.instant(), "r1", 0).withLog("backed up 12 GiB\n", 0)));

    clock.advance(Duration.ofHours(30));
    Heartbeats second = agent();
    HeartbeatState resumed = second.state("backup");
    assertThat(resumed).isEqualTo(first.state("backup"));
    assertThat(resumed.lastPing().get(Kind.SUCCESS)).isEqualTo("2026-12-01T03:10:00Z");
    assertThat(resumed.lastRun().log()).isEqualTo("backed up 12 GiB\n");
    assertThat(resumed.lastRun().duration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(HeartbeatJudge.judge(DAILY, resumed, clock.instant()).findings())
        .extracting(Finding::message)
        .containsExactly(
            "no ping since 2026-12-01 03:10 UTC (expected by 2026-12-02 04:10 — 5 h late)");
  }

  @Test
  void aTargetThatNeverPingedKeepsItsFirstDeadlineAcrossARestart() {
    agent();
    clock.advance(Duration.ofDays(2));
    HeartbeatState resumed = agent().state("backup");
    assertThat(resumed.since()).isEqualTo("2026-12-01T03:00:00Z");
    assertThat(resumed.neverPinged()).isTrue();
    assertThat(HeartbeatJudge.judge(DAILY, resumed, clock.instant()).status())
        .isEqualTo(Status.DOWN);
  }

  @Test
  void anOpenRunSurvivesARestartAndIsJudgedByMaxRuntime() {
    await(agent().record("backup", Ping.start(clock.instant(), "")));
    clock.advance(Duration.ofHours(3));
    HeartbeatState resumed = agent().state("backup");
    assertThat(HeartbeatJudge.judge(DAILY, resumed, clock.instant()).findings())
        .extracting(Finding::message)
        .containsExactly("run started 03:00 has not finished after 3 h (max_runtime 2 h)");
  }

  @Test
  void anUnreadableStateFileIsSaidAndTheTargetStartsAfresh() throws Exception {
    HeartbeatStore store = new HeartbeatStore(loop.vertx(), stateDir);
    Files.createDirectories(store.file("backup").getParent());
    Files.writeString(store.file("backup"), "{\"since\": \"yesterday\"");
    try (LogCapture logs = LogCapture.start()) {
      HeartbeatState fresh = agent().state("backup");
      assertThat(fresh.since()).isEqualTo(clock.instant());
      assertThat(fresh.neverPinged()).isTrue();
      assertThat(logs.events())
          .anySatisfy(
              e ->
                  assertThat(e.getFormattedMessage())
                      .contains("heartbeat backup: the heartbeat state")
                      .contains("is unreadable: delete it"));
    }
    assertThat(HeartbeatStore.read(store.file("backup"))).isEqualTo(agent().state("backup"));
  }

  @Test
  void theStateFileIsReplacedAtomicallyAndLeavesNoTemporaryFile() throws Exception {
    Heartbeats h = agent();
    for (int i = 0; i < 5; i++) {
      await(h.record("backup", Ping.success(clock.instant(), "")));
      clock.advance(Duration.ofMinutes(1));
    }
    try (var files = Files.list(stateDir.resolve("heartbeats"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("backup.json");
    }
    assertThat(HeartbeatStore.read(new HeartbeatStore(loop.vertx(), stateDir).file("backup")))
        .isEqualTo(h.state("backup"));
  }
}
