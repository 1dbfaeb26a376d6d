package dev.lookout.runtime;

import static dev.lookout.testing.QueueTargets.target;
import static dev.lookout.testing.ScriptedStats.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookout.check.queue.QueueProbe;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.metrics.LookoutMetrics;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.QueueTargets;
import dev.lookout.testing.Scrapes;
import dev.lookout.testing.ScriptedStats;
import dev.lookout.testing.ScriptedStats.Reply;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A queue target end to end, minus the scheduler: a real stats endpoint on loopback, the probe, the
 * target's depth history, the evaluator and the Prometheus gauges. Probes are a minute apart on the
 * history's clock without any waiting: the test hands {@link TargetRuntime} its own nanoTime
 * readings.
 */
class QueueTargetRuntimeTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  /** head_message_timestamp in the RabbitMQ fixture, plus 12 minutes. */
  static final Instant NOW = Instant.ofEpochSecond(1795740000L + 720);

  static final long MINUTE = 60_000_000_000L;
  static final long T0 = 9_000_000_000_000L;

  static ScriptedStats stats;
  static QueueProbe probe;
  static Context context;

  LookoutMetrics metrics;
  TargetRuntime runtime;
  Target target;
  int probes;

  @BeforeAll
  static void start() {
    stats = new ScriptedStats(loop.vertx());
    dev.lookout.testing.QueueTargets.warmUp(stats);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    probe = new QueueProbe(loop.vertx(), HostResolver.system(), "lookout-test", clock);
    context = loop.vertx().getOrCreateContext();
  }

  @AfterAll
  static void stop() {
    probe.close();
    stats.close();
  }

  @BeforeEach
  void metrics() {
    metrics = new LookoutMetrics(Map.of(), "test");
  }

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
    metrics.close();
  }

  private void watch(String path, String read, String expect) {
    target = target("{url: \"" + stats.url(path) + "\", " + read + "}", expect);
    runtime =
        new TargetRuntime(target, metrics.forTarget(target), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** Serves {@code body} at {@code path}, probes once, a minute after the previous probe. */
  private List<String> step(String path, Reply reply) {
    stats.on(path, reply);
    ProbeResult r = QueueTargets.run(context, probe, target);
    runtime.onResult(r, T0 + probes++ * MINUTE);
    return runtime.status().findings().stream().map(Finding::message).toList();
  }

  private List<String> depth(String path, long n) {
    return step(path, Reply.json("{\"n\": " + n + "}"));
  }

  private double gauge(String name) {
    return Scrapes.value(metrics.scrape(null).body(), name.replace('.', '_'), "target", "jobs");
  }

  @Test
  void depthBelowTheLimitIsHealthy() {
    watch("/below", "depth: /n", "{depth_below: 1000}");
    assertThat(depth("/below", 999)).isEmpty();
    assertThat(gauge("lookout.queue.depth")).isEqualTo(999);
    assertThat(gauge("lookout.probe.success")).isEqualTo(1);
  }

  @Test
  void depthAtOrAboveTheLimitIsReported() {
    watch("/above", "depth: /n", "{depth_below: 1000}");
    assertThat(depth("/above", 1520)).containsExactly("backlog 1520 messages, expected below 1000");
    assertThat(gauge("lookout.probe.success")).isZero();
  }

  @Test
  void aSteadilyRisingBacklogIsReportedBeforeItCrossesTheDepthLimit() {
    watch("/rising", "depth: /n", "{depth_below: 1000, growth_per_min_below: 50}");
    assertThat(depth("/rising", 100)).isEmpty();
    assertThat(gauge("lookout.queue.growth.per.second")).isNaN();
    assertThat(depth("/rising", 160)).as("two samples are no trend yet").isEmpty();
    assertThat(depth("/rising", 220))
        .containsExactly("backlog growing 60 messages/min over the last 2 min, expected below 50");
    depth("/rising", 280);
    assertThat(depth("/rising", 340))
        .containsExactly("backlog growing 60 messages/min over the last 4 min, expected below 50");
    assertThat(gauge("lookout.queue.depth")).isEqualTo(340);
    assertThat(gauge("lookout.queue.growth.per.second")).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void aFlatHighBacklogIsReportedAsDepthButNotAsGrowth() {
    watch("/flat", "depth: /n", "{depth_below: 1000, growth_per_min_below: 50}");
    List<String> last = List.of();
    for (int i = 0; i < 5; i++) {
      last = depth("/flat", 1500);
    }
    assertThat(last).containsExactly("backlog 1500 messages, expected below 1000");
    assertThat(gauge("lookout.queue.growth.per.second")).isZero();
  }

  @Test
  void theTimeLeftBeforeTheLimitIsPredictedFromTheTrend() {
    watch("/ttl", "depth: /n", "{depth_below: 1000, time_to_limit_above: 15m}");
    depth("/ttl", 700);
    depth("/ttl", 760);
    assertThat(depth("/ttl", 820))
        .containsExactly(
            "backlog reaches 1000 in about 3 min at the current rate (60 messages/min),"
                + " expected more than 15 min");
  }

  @Test
  void aDistantLimitIsNoFinding() {
    watch("/far", "depth: /n", "{depth_below: 100000, time_to_limit_above: 15m}");
    depth("/far", 700);
    depth("/far", 760);
    assertThat(depth("/far", 820)).isEmpty();
  }

  @Test
  void zeroConsumersWithABacklogIsReported() {
    watch("/api/queues/%2F/stuck", "preset: rabbitmq", "{consumers_at_least: 1}");
    assertThat(
            step("/api/queues/%2F/stuck", Reply.json(fixture("rabbitmq-queue-no-consumers.json"))))
        .containsExactly("0 consumers with 340 messages waiting");
    assertThat(gauge("lookout.queue.consumers")).isZero();
    assertThat(gauge("lookout.queue.oldest.age.seconds")).as("no head timestamp").isNaN();
  }

  @Test
  void theOldestMessagesAgeComesFromRabbitmqsHeadTimestamp() {
    watch(
        "/api/queues/%2F/jobs",
        "preset: rabbitmq", "{depth_below: 1000, consumers_at_least: 1, oldest_age_below: 5m}");
    assertThat(step("/api/queues/%2F/jobs", Reply.json(fixture("rabbitmq-queue.json"))))
        .containsExactly(
            "backlog 1520 messages, expected below 1000",
            "oldest message is 12 min old, expected below 5 min");
    assertThat(gauge("lookout.queue.oldest.age.seconds")).isEqualTo(720);
    assertThat(gauge("lookout.queue.consumers")).isEqualTo(3);
  }

  @Test
  void sidekiqProcessesAndLatencyAreJudged() {
    watch("/sidekiq/stats", "preset: sidekiq", "{consumers_at_least: 3, oldest_age_below: 30s}");
    assertThat(step("/sidekiq/stats", Reply.json(fixture("sidekiq-stats.json"))))
        .containsExactly(
            "2 consumers, expected at least 3", "oldest message is 43 s old, expected below 30 s");
    assertThat(gauge("lookout.queue.oldest.age.seconds")).isEqualTo(42.57);
  }

  @Test
  void flowerQueuesBelowTheLimitAreHealthy() {
    watch("/api/queues/length", "preset: flower", "{depth_below: 1000}");
    assertThat(step("/api/queues/length", Reply.json(fixture("flower-queues-length.json"))))
        .isEmpty();
    assertThat(gauge("lookout.queue.depth")).isEqualTo(155);
    assertThat(gauge("lookout.queue.consumers")).isNaN();
  }

  @Test
  void aFailedProbeClearsEveryQueueGaugeInsteadOfShowingStaleValues() {
    watch("/flaky", "depth: /n, consumers: /c, oldest_age: /age", "{depth_below: 1000}");
    for (int n = 100; n <= 300; n += 100) {
      step("/flaky", Reply.json("{\"n\": " + n + ", \"c\": 2, \"age\": 30}"));
    }
    assertThat(gauge("lookout.queue.depth")).isEqualTo(300);
    assertThat(gauge("lookout.queue.growth.per.second")).isCloseTo(100.0 / 60, within(1e-9));
    assertThat(step("/flaky", Reply.status(503, "")))
        .containsExactly("HTTP 503 from " + stats.url("/flaky"));
    assertThat(gauge("lookout.queue.depth")).isNaN();
    assertThat(gauge("lookout.queue.growth.per.second")).isNaN();
    assertThat(gauge("lookout.queue.consumers")).isNaN();
    assertThat(gauge("lookout.queue.oldest.age.seconds")).isNaN();
    assertThat(gauge("lookout.probe.success")).isZero();
    // The history survives the outage: the next answer is judged against the same window.
    step("/flaky", Reply.json("{\"n\": 500, \"c\": 2, \"age\": 30}"));
    assertThat(gauge("lookout.queue.depth")).isEqualTo(500);
    assertThat(gauge("lookout.queue.growth.per.second")).isPositive();
  }

  @Test
  void theGaugesAreExposedUnderTheContractNames() {
    watch("/names", "depth: /n, consumers: /c, oldest_age: /age", null);
    step("/names", Reply.json("{\"n\": 7, \"c\": 1, \"age\": 2.5}"));
    String text = metrics.scrape("text/plain").body();
    assertThat(text)
        .contains("lookout_queue_depth{target=\"jobs\"} 7.0")
        .contains("lookout_queue_consumers{target=\"jobs\"} 1.0")
        .contains("lookout_queue_oldest_age_seconds{target=\"jobs\"} 2.5")
        .contains("lookout_queue_growth_per_second{target=\"jobs\"} NaN");
  }
}
