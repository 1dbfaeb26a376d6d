package dev.lookout.check.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.heartbeat.HeartbeatJudgement.Status;
import dev.lookout.check.heartbeat.HeartbeatSchedule.Cron;
import dev.lookout.check.heartbeat.HeartbeatSchedule.Every;
import dev.lookout.evaluate.Finding;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The judgement table: a fake clock, a schedule, the pings that came, the findings in words. */
class HeartbeatJudgeTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** The nightly backup: 03:00 Berlin, 30 min grace, 2 h max, 1 min min. */
  static final HeartbeatCheck BACKUP =
      new HeartbeatCheck(
          Cron.parse("0 3 * * *", BERLIN),
          BERLIN,
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          Duration.ofMinutes(1),
          null);

  static final HeartbeatCheck WORKER =
      new HeartbeatCheck(
          new Every(Duration.ofMinutes(1)),
          ZoneOffset.UTC,
          Duration.ofSeconds(30),
          null,
          null,
          null);

  /** A local time in Berlin (the earlier one when the clocks go back over it). */
  static Instant berlin(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
  }

  static final Instant ADDED = berlin("2026-01-10T12:00");

  static HeartbeatState after(Instant since, Ping... pings) {
    HeartbeatState s = HeartbeatState.fresh(since);
    for (Ping p : pings) {
      s = s.apply(p);
    }
    return s;
  }

  static Arguments row(
      String name, HeartbeatCheck check, HeartbeatState state, Instant now, String... findings) {
    return Arguments.of(name, check, state, now, List.of(findings));
  }

  static Stream<Arguments> table() {
    return Stream.of(
        row(
            "on time",
            BACKUP,
            after(ADDED, Ping.success(berlin("2026-12-01T03:05"), "")),
            berlin("2026-12-01T12:00")),
        row(
            "late within grace",
            BACKUP,
            after(ADDED, Ping.success(berlin("2026-11-30T03:05"), "")),
            berlin("2026-12-01T03:25")),
        row(
            "late past grace",
            BACKUP,
            after(ADDED, Ping.success(berlin("2026-11-30T03:05"), "")),
            berlin("2026-12-01T04:42"),
            "no ping since 2026-12-01 03:00 Europe/Berlin (expected by 03:30 — 1 h 12 min late)"),
        row(
            "an early ping counts for the coming run (healthchecks #830)",
            BACKUP,
            after(ADDED, Ping.success(berlin("2026-12-01T02:50"), "")),
            berlin("2026-12-01T04:00")),
        row(
            "a ping long before the run does not count for it",
            BACKUP,
            after(ADDED, Ping.success(berlin("2026-12-01T01:00"), "")),
            berlin("2026-12-01T04:00"),
            "no ping since 2026-12-01 03:00 Europe/Berlin (expected by 03:30 — 30 min late)"),
        row(
            "a started run within max_runtime is running, not late",
            BACKUP,
            after(ADDED, Ping.start(berlin("2026-12-01T03:00"), "")),
            berlin("2026-12-01T04:59")),
        row(
            "start without end past max_runtime",
            BACKUP,
            after(ADDED, Ping.start(berlin("2026-12-01T02:58"), "")),
            berlin("2026-12-01T05:03"),
            "run started 02:58 has not finished after 2 h 05 min (max_runtime 2 h)"),
        row(
            "end before start: a run of unknown length",
            BACKUP,
            after(ADDED, Ping.success(berlin("2026-12-01T03:00:02"), "")),
            berlin("2026-12-01T12:00")),
        row(
            "overlapping runs paired by rid",
            BACKUP,
            after(
                ADDED,
                Ping.start(berlin("2026-12-01T03:00"), "a"),
                Ping.start(berlin("2026-12-01T03:10"), "b"),
                Ping.success(berlin("2026-12-01T03:20"), "a")),
            berlin("2026-12-01T05:30"),
            "run started 03:10 (rid b) has not finished after 2 h 20 min (max_runtime 2 h)"),
        row(
            "exit status 0 is a success",
            BACKUP,
            after(
                ADDED,
                Ping.start(berlin("2026-12-01T03:00"), ""),
                Ping.exit(berlin("2026-12-01T03:10"), "", 0)),
            berlin("2026-12-01T12:00")),
        row(
            "a non-zero exit status is a failure, with the first line of the log",
            BACKUP,
            after(
                ADDED,
                Ping.start(berlin("2026-12-01T03:00"), ""),
                Ping.exit(berlin("2026-12-01T03:10"), "", 3)
                    .withLog("\nrsync: connection refused by backup-host\nline two\n", 0)),
            berlin("2026-12-01T12:00"),
            "last run failed with exit status 3: rsync: connection refused by backup-host"),
        row(
            "fail without a status or a log",
            BACKUP,
            after(ADDED, Ping.fail(berlin("2026-12-01T03:10"), "")),
            berlin("2026-12-01T12:00"),
            "last run failed"),
        row(
            "a success after a failure resolves it",
            BACKUP,
            after(
                ADDED,
                Ping.fail(berlin("2026-12-01T03:10"), ""),
                Ping.start(berlin("2026-12-01T09:00"), ""),
                Ping.success(berlin("2026-12-01T09:05"), "")),
            berlin("2026-12-01T12:00")),
        row(
            "min_runtime",
            BACKUP,
            after(
                ADDED,
                Ping.start(berlin("2026-12-01T03:00"), ""),
                Ping.success(berlin("2026-12-01T03:00:03"), "")),
            berlin("2026-12-01T12:00"),
            "last run took 3 s (min_runtime 1 min)"),
        row(
            "failed and then silent: both are said",
            BACKUP,
            after(ADDED, Ping.exit(berlin("2026-11-30T03:10"), "", 1)),
            berlin("2026-12-01T05:00"),
            "no ping since 2026-12-01 03:00 Europe/Berlin (expected by 03:30 — 1 h 30 min late)",
            "last run failed with exit status 1"),
        row(
            "every: on time",
            WORKER,
            after(ADDED, Ping.success(Instant.parse("2026-12-01T10:00:00Z"), "")),
            Instant.parse("2026-12-01T10:01:20Z")),
        row(
            "every: late",
            WORKER,
            after(ADDED, Ping.success(Instant.parse("2026-12-01T10:00:00Z"), "")),
            Instant.parse("2026-12-01T10:02:00Z"),
            "no ping since 2026-12-01 10:00 UTC (expected by 10:01:30 — 30 s late)"),
        row(
            "every: never pinged past the first deadline",
            WORKER,
            after(Instant.parse("2026-12-01T10:00:00Z")),
            Instant.parse("2026-12-01T10:05:00Z"),
            "never pinged since it was added 2026-12-01 10:00 UTC (expected by 10:01:30 — 3 min"
                + " late)"),
        row(
            "cron: never pinged past the first deadline",
            BACKUP,
            after(berlin("2026-12-01T03:10")),
            berlin("2026-12-02T03:31"),
            "no ping since 2026-12-02 03:00 Europe/Berlin (expected by 03:30 — 1 min late)"),
        row(
            "DST spring forward: 03:00 CEST is an hour earlier in UTC than 03:00 CET",
            BACKUP,
            after(ADDED, Ping.success(berlin("2026-03-28T03:05"), "")),
            Instant.parse("2026-03-29T01:31:00Z"),
            "no ping since 2026-03-29 03:00 Europe/Berlin (expected by 03:30 — 1 min late)"),
        row(
            "DST spring forward: on time",
            BACKUP,
            after(ADDED, Ping.success(Instant.parse("2026-03-29T01:05:00Z"), "")),
            Instant.parse("2026-03-29T02:40:00Z")),
        row(
            "DST fall back: a wall-clock time that happens twice is one run",
            new HeartbeatCheck(
                Cron.parse("30 2 * * *", BERLIN), BERLIN, Duration.ofMinutes(10), null, null, null),
            // 02:31 CEST, the first 02:30 of the night
            after(ADDED, Ping.success(Instant.parse("2026-10-25T00:31:00Z"), "")),
            // 02:45 CET, after the second 02:30 and its grace
            Instant.parse("2026-10-25T01:45:00Z")),
        row(
            "DST fall back: the day after is judged in CET",
            BACKUP,
            after(ADDED, Ping.success(Instant.parse("2026-10-25T02:05:00Z"), "")),
            Instant.parse("2026-10-26T02:31:00Z"),
            "no ping since 2026-10-26 03:00 Europe/Berlin (expected by 03:30 — 1 min late)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void judgement(
      String name, HeartbeatCheck check, HeartbeatState state, Instant now, List<String> expected) {
    HeartbeatJudgement j = HeartbeatJudge.judge(check, state, now);
    assertThat(j.findings()).extracting(Finding::message).containsExactlyElementsOf(expected);
    assertThat(j.status()).isEqualTo(expected.isEmpty() ? Status.UP : Status.DOWN);
  }

  @Test
  void aTargetThatNeverPingedIsPendingUntilItsFirstDeadline() {
    HeartbeatState added = HeartbeatState.fresh(berlin("2026-12-01T03:10"));
    HeartbeatJudgement before = HeartbeatJudge.judge(BACKUP, added, berlin("2026-12-02T03:29"));
    assertThat(before.status()).isEqualTo(Status.PENDING);
    assertThat(before.findings()).isEmpty();
    assertThat(before.nextDeadline()).isEqualTo(berlin("2026-12-02T03:30"));
    assertThat(HeartbeatJudge.judge(BACKUP, added, berlin("2026-12-02T03:31")).status())
        .isEqualTo(Status.DOWN);
  }

  @Test
  void theInjectedClockIsNow() {
    HeartbeatState s = after(ADDED, Ping.success(berlin("2026-11-30T03:05"), ""));
    HeartbeatJudge judge =
        new HeartbeatJudge(java.time.Clock.fixed(berlin("2026-12-01T04:42"), ZoneOffset.UTC));
    assertThat(judge.judge(BACKUP, s).findings())
        .extracting(Finding::expectation)
        .containsExactly("schedule");
  }

  @Test
  void runsArePairedAndTimed() {
    HeartbeatState s =
        after(
            ADDED,
            Ping.start(berlin("2026-12-01T03:00"), "a"),
            Ping.start(berlin("2026-12-01T03:10"), "b"),
            Ping.success(berlin("2026-12-01T03:20"), "a"));
    assertThat(s.lastRun().duration()).isEqualTo(Duration.ofMinutes(20));
    assertThat(s.openRuns()).containsOnlyKeys("b");
    HeartbeatState unknown = after(ADDED, Ping.success(berlin("2026-12-01T03:20"), ""));
    assertThat(unknown.lastRun().duration()).isNull();
    HeartbeatState noRidEnd =
        after(
            ADDED,
            Ping.start(berlin("2026-12-01T03:00"), "x"),
            Ping.success(berlin("2026-12-01T03:30"), ""));
    assertThat(noRidEnd.openRuns()).isEmpty();
    assertThat(noRidEnd.lastRun().duration()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void openRunsAreBounded() {
    HeartbeatState s = HeartbeatState.fresh(ADDED);
    for (int i = 0; i < HeartbeatState.MAX_OPEN_RUNS + 10; i++) {
      s = s.apply(Ping.start(ADDED.plusSeconds(i), "r" + i));
    }
    assertThat(s.openRuns()).hasSize(HeartbeatState.MAX_OPEN_RUNS).doesNotContainKey("r0");
  }
}
