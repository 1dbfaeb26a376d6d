package dev.lookout.check.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.checks.CheckTypes;
import dev.lookout.config.Target;
import dev.lookout.history.DepthSeries.Trend;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.status.TargetDetail;
import dev.lookout.testing.TestTargets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the status page shows about a queue target, taken from one probe's observation. */
class QueueFactsTest {
  static final Target QUEUE =
      TestTargets.target("name: jobs\nqueue: {url: \"http://127.0.0.1/q\", depth: /messages}");

  @Test
  void queueShowsDepthGrowthConsumersAndOldestAge() {
    QueueObservation o = new QueueObservation(1234, 2, 300);
    Trend growing = new Trend(5, Duration.ofMinutes(2), 0.2, 1234);
    TargetDetail d = QueueTarget.detail(o, growing);
    assertThat(d.facts())
        .containsExactly("depth 1,234", "growing 12/min", "2 consumers", "oldest 5 min");
    assertThat(d.field("queue_depth")).isEqualTo(1234.0);
    assertThat((Double) d.field("queue_growth_per_minute"))
        .isEqualTo(12.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void anUnansweredProbeHasNoDetail() {
    ProbeResult failed = ProbeResult.failed(Instant.now(), Duration.ofSeconds(1), "refused");
    assertThat(CheckTypes.judge(QUEUE, failed, Quantiles.EMPTY, Instant.now()).detail())
        .isEqualTo(TargetDetail.EMPTY);
  }
}
