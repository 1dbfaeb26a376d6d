package dev.lookout.check.heartbeat;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.Judgement;
import dev.lookout.config.AlertPolicy;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The heartbeat seen through the check-type seam: a probe that reads state, one judgement. */
class HeartbeatTargetTest {
  static final Target TARGET =
      new Target(
          "nightly-backup",
          HeartbeatJudgeTest.BACKUP,
          HeartbeatJudgeTest.BACKUP.defaultInterval(),
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          AlertPolicy.defaults(),
          Map.of());

  Judgement judge(HeartbeatState state, Instant now) {
    ProbeResult r =
        await(
            new HeartbeatProbe(name -> state, java.time.Clock.fixed(now, java.time.ZoneOffset.UTC))
                .run(TARGET));
    assertThat(r.answered()).isTrue();
    return new HeartbeatTarget(HeartbeatJudgeTest.BACKUP)
        .judge(r, (HeartbeatObservation) r.observation(), Quantiles.EMPTY, now, 0);
  }

  @Test
  void aFailPingIsAFindingAtTheNextEvaluation() {
    Instant failed = HeartbeatJudgeTest.berlin("2026-12-01T03:10");
    HeartbeatState s =
        HeartbeatState.fresh(HeartbeatJudgeTest.ADDED)
            .apply(Ping.exit(failed, "", 3).withLog("disk full\n", 0));
    Judgement j = judge(s, failed.plusSeconds(30));
    assertThat(j.findings())
        .extracting(Finding::message)
        .containsExactly("last run failed with exit status 3: disk full");
    assertThat(j.detail().facts())
        .contains("last ping 2026-12-01 03:10 Europe/Berlin")
        .contains("next ping due by 2026-12-02 03:30 Europe/Berlin");
  }

  @Test
  void aPendingTargetIsNotFailingAndSaysSo() {
    Instant added = HeartbeatJudgeTest.berlin("2026-12-01T12:00");
    Judgement j = judge(null, added.plusSeconds(60));
    assertThat(j.healthy()).isTrue();
    assertThat(j.detail().facts())
        .containsExactly("pending: next ping due by 2026-12-02 03:30 Europe/Berlin");
  }
}
