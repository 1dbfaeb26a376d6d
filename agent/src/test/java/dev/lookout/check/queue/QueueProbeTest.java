package dev.lookout.check.queue;

import static dev.lookout.testing.QueueTargets.run;
import static dev.lookout.testing.QueueTargets.target;
import static dev.lookout.testing.ScriptedStats.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Target;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.ScriptedStats;
import dev.lookout.testing.ScriptedStats.Reply;
import dev.lookout.testing.TestDnsServer;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Context;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QueueProbeTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  /** head_message_timestamp in the RabbitMQ fixture, plus 12 minutes. */
  static final Instant NOW = Instant.ofEpochSecond(1795740000L + 720);

  static ScriptedStats stats;
  static QueueProbe probe;
  static Context context;

  @BeforeAll
  static void start() {
    stats = new ScriptedStats(loop.vertx());
    dev.lookout.testing.QueueTargets.warmUp(stats);
    probe =
        new QueueProbe(
            loop.vertx(), HostResolver.system(), "lookout-test", Clock.fixed(NOW, ZoneOffset.UTC));
    context = loop.vertx().getOrCreateContext();
  }

  @AfterAll
  static void stop() {
    probe.close();
    stats.close();
  }

  private static QueueObservation answered(ProbeResult r) {
    assertThat(r.failure()).isNull();
    return (QueueObservation) r.observation();
  }

  private static ProbeResult probe(String path, Reply reply, String queueRest) {
    stats.on(path, reply);
    Target t = target("{url: \"" + stats.url(path) + "\", " + queueRest + "}", null);
    return run(context, probe, t);
  }

  @Test
  void rabbitmqPresetReadsReadyMessagesConsumersAndHeadTimestamp() {
    QueueObservation o =
        answered(
            probe(
                "/api/queues/%2F/jobs",
                Reply.json(fixture("rabbitmq-queue.json")), "preset: rabbitmq"));
    assertThat(o.depth()).isEqualTo(1520);
    assertThat(o.consumers()).isEqualTo(3);
    assertThat(o.oldestAgeSeconds()).isEqualTo(720);
  }

  @Test
  void rabbitmqPresetWithoutHeadTimestampLeavesTheAgeUnknown() {
    QueueObservation o =
        answered(
            probe(
                "/api/queues/%2F/idle",
                Reply.json(fixture("rabbitmq-queue-no-consumers.json")), "preset: rabbitmq"));
    assertThat(o.depth()).isEqualTo(340);
    assertThat(o.consumers()).isZero();
    assertThat(o.hasOldestAge()).isFalse();
  }

  @Test
  void sidekiqPresetReadsEnqueuedProcessesAndDefaultLatency() {
    QueueObservation o =
        answered(
            probe("/sidekiq/stats", Reply.json(fixture("sidekiq-stats.json")), "preset: sidekiq"));
    assertThat(o.depth()).isEqualTo(1520);
    assertThat(o.consumers()).isEqualTo(2);
    assertThat(o.oldestAgeSeconds()).isEqualTo(42.57);
  }

  @Test
  void flowerPresetSumsMessagesOverActiveQueues() {
    QueueObservation o =
        answered(
            probe(
                "/api/queues/length",
                Reply.json(fixture("flower-queues-length.json")),
                "preset: flower"));
    assertThat(o.depth()).isEqualTo(155);
    assertThat(o.hasConsumers()).isFalse();
    assertThat(o.hasOldestAge()).isFalse();
  }

  @Test
  void sumOverTheRootArrayOfRabbitmqQueues() {
    QueueObservation o =
        answered(
            probe(
                "/api/queues",
                Reply.json(fixture("rabbitmq-queues.json")),
                "sum: {array: \"\", field: /messages_ready}"));
    assertThat(o.depth()).isEqualTo(1600);
  }

  @Test
  void explicitPointersOverrideAPreset() {
    QueueObservation o =
        answered(
            probe(
                "/api/queues/%2F/all",
                Reply.json(fixture("rabbitmq-queue.json")),
                "preset: rabbitmq, depth: /messages, consumers: /backing_queue_status/q1"));
    assertThat(o.depth()).isEqualTo(1532);
    assertThat(o.consumers()).isZero();
    assertThat(o.oldestAgeSeconds()).isEqualTo(720);
  }

  @Test
  void aBareNumberIsReadWithTheRootPointer() {
    assertThat(answered(probe("/depth", Reply.json("42"), "depth: \"\"")).depth()).isEqualTo(42);
  }

  @Test
  void numericStringsAreNumbers() {
    assertThat(answered(probe("/redis", Reply.json("{\"len\": \"17\"}"), "depth: /len")).depth())
        .isEqualTo(17);
  }

  static Stream<Arguments> ages() {
    long ts = NOW.getEpochSecond() - 300;
    return Stream.of(
        Arguments.of("{\"n\": 5, \"age\": 90}", "seconds", 90.0),
        Arguments.of("{\"n\": 5, \"age\": 1500}", "milliseconds", 1.5),
        Arguments.of("{\"n\": 5, \"age\": " + ts + "}", "epoch_seconds", 300.0),
        Arguments.of("{\"n\": 5, \"age\": " + ts * 1000 + "}", "epoch_millis", 300.0),
        Arguments.of("{\"n\": 5, \"age\": \"" + NOW.minusSeconds(300) + "\"}", "iso8601", 300.0),
        Arguments.of("{\"n\": 5, \"age\": " + (ts + 900) + "}", "epoch_seconds", 0.0),
        Arguments.of("{\"n\": 0, \"age\": " + (ts - 9000) + "}", "epoch_seconds", 0.0));
  }

  @ParameterizedTest(name = "{1}: {0} -> {2}")
  @MethodSource("ages")
  void oldestAgeFromAnAgeOrATimestamp(String body, String unit, double expected) {
    QueueObservation o =
        answered(
            probe(
                "/age", Reply.json(body), "depth: /n, oldest_age: /age, oldest_age_unit: " + unit));
    assertThat(o.oldestAgeSeconds()).isEqualTo(expected);
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of(
            Reply.json("<html>Service Unavailable</html>"),
            "depth: /messages_ready",
            "body is not JSON: <html>Service Unavailable</html>"),
        Arguments.of(Reply.json(""), "depth: /messages_ready", "body is empty, not JSON"),
        Arguments.of(
            Reply.json("{\"messages\": 3}"),
            "depth: /messages_ready",
            "/messages_ready not found in response"),
        Arguments.of(
            Reply.json("{\"x\": \"abc\"}"), "depth: /x", "value at /x is \"abc\", not a number"),
        Arguments.of(Reply.json("{\"x\": null}"), "depth: /x", "value at /x is null, not a number"),
        Arguments.of(
            Reply.json("{\"x\": {\"n\": 1}}"),
            "depth: /x",
            "value at /x is an object, not a number"),
        Arguments.of(Reply.json("{\"x\": true}"), "depth: /x", "value at /x is true, not a number"),
        Arguments.of(
            Reply.json("{\"messages_ready\": -3}"),
            "depth: /messages_ready",
            "negative depth -3 at /messages_ready"),
        Arguments.of(
            Reply.json("{\"n\": 1, \"c\": -1}"),
            "depth: /n, consumers: /c",
            "negative consumers -1 at /c"),
        Arguments.of(
            Reply.json("{\"n\": 1}"),
            "depth: /n, consumers: /consumers",
            "/consumers not found in response"),
        Arguments.of(
            Reply.json("{\"n\": 1, \"a\": -4}"),
            "depth: /n, oldest_age: /a",
            "negative oldest age -4 at /a"),
        Arguments.of(
            Reply.json("{\"n\": 0}"),
            "depth: /n, oldest_age: /oldest",
            "/oldest not found in response"),
        Arguments.of(
            Reply.json("{\"n\": 1, \"t\": \"yesterday\"}"),
            "depth: /n, oldest_age: /t, oldest_age_unit: iso8601",
            "value at /t is \"yesterday\", not an ISO-8601 timestamp"),
        Arguments.of(
            Reply.json("{\"active_queues\": {\"celery\": 3}}"),
            "preset: flower",
            "value at /active_queues is an object, not a list"),
        Arguments.of(
            Reply.json("{\"active_queues\": [{\"messages\": 1}, {\"name\": \"b\"}]}"),
            "preset: flower",
            "/active_queues/1/messages not found in response"),
        Arguments.of(
            Reply.json("{\"sidekiq\": {\"enqueued\": \"12abc\"}}"),
            "preset: sidekiq",
            "value at /sidekiq/enqueued is \"12abc\", not a number"),
        Arguments.of(
            Reply.json("[1, 2]"),
            "depth: /messages_ready",
            "/messages_ready not found in response"),
        Arguments.of(Reply.json("[1, 2]"), "depth: /5", "/5 not found in response"),
        Arguments.of(
            Reply.json("{\"messages_ready\": 1e309}"),
            "depth: /messages_ready",
            "depth at /messages_ready is not a finite number"),
        Arguments.of(
            Reply.json("{\"x\": -1e309}"), "depth: /x", "depth at /x is not a finite number"),
        Arguments.of(
            Reply.json("{\"x\": \"1e309\"}"), "depth: /x", "depth at /x is not a finite number"),
        Arguments.of(
            Reply.json("{\"x\": \"NaN\"}"), "depth: /x", "value at /x is \"NaN\", not a number"),
        Arguments.of(
            Reply.json("{\"x\": \"0x10\"}"), "depth: /x", "value at /x is \"0x10\", not a number"),
        Arguments.of(
            Reply.json("{\"x\": 123456789012345678901234567890123}"),
            "depth: /x",
            "depth at /x is out of range (123456789012345678901234567890123, more than"
                + " 9007199254740992)"),
        Arguments.of(
            Reply.json("{\"n\": 1, \"c\": 1e309}"),
            "depth: /n, consumers: /c",
            "consumers at /c is not a finite number"),
        Arguments.of(
            Reply.json("{\"n\": 1, \"c\": 99999999999999999999}"),
            "depth: /n, consumers: /c",
            "consumers at /c is out of range (99999999999999999999, more than 9007199254740992)"),
        Arguments.of(
            Reply.json("{\"n\": 1, \"a\": 1e309}"),
            "depth: /n, oldest_age: /a, oldest_age_unit: epoch_millis",
            "oldest age at /a is not a finite number"),
        Arguments.of(
            Reply.json("{\"n\": 1, \"a\": 1e300}"),
            "depth: /n, oldest_age: /a",
            "oldest age at /a is out of range (1.0E300, more than 9007199254740992)"),
        Arguments.of(
            Reply.json("{\"active_queues\": [{\"messages\": 1}, {\"messages\": 1e309}]}"),
            "preset: flower",
            "depth at /active_queues/1/messages is not a finite number"),
        Arguments.of(
            Reply.json("[9007199254740992, 9007199254740992]"),
            "sum: {}",
            "depth summed over the root is out of range (1.8014398509481984E16, more than"
                + " 9007199254740992)"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("badInput")
  void badInputFailsTheProbeWithThePreciseReason(Reply reply, String read, String reason) {
    ProbeResult r = probe("/bad", reply, read);
    assertThat(r.answered()).isFalse();
    assertThat(r.observation()).isNull();
    assertThat(r.failure()).isEqualTo(reason);
  }

  @Test
  void anHttpErrorStatusFailsTheProbeNamingStatusAndUrl() {
    ProbeResult r =
        probe(
            "/api/queues/%2F/down",
            Reply.status(503, "{\"error\":\"not_available\"}"), "preset: rabbitmq");
    assertThat(r.failure())
        .isEqualTo(
            "HTTP 503 from http://127.0.0.1:"
                + stats.port()
                + "/api/queues/%2F/down: {\"error\":\"not_available\"}");
  }

  @Test
  void credentialsInTheUrlNeverReachTheReason() {
    stats.on("/secret?token=hunter2", Reply.status(401, ""));
    Target t =
        target(
            "{url: \"http://user:pa55@127.0.0.1:"
                + stats.port()
                + "/secret?token=hunter2\", depth: /n}",
            null);
    ProbeResult r = run(context, probe, t);
    assertThat(r.failure()).isEqualTo("HTTP 401 from http://127.0.0.1:" + stats.port() + "/secret");
  }

  @Test
  void aBodyOverMaxBodyIsRefusedNotCut() {
    String big = "{\"n\": 1, \"pad\": \"" + "x".repeat(5000) + "\"}";
    ProbeResult r = probe("/big", Reply.json(big), "depth: /n, max_body: 1KiB");
    assertThat(r.failure())
        .isEqualTo(
            "response from http://127.0.0.1:"
                + stats.port()
                + "/big is larger than max_body (1 KiB); raise max_body");
  }

  @Test
  void anEndpointThatNeverAnswersTimesOutWithinTheTargetTimeout() {
    stats.on("/slow", Reply.never());
    Target t =
        dev.lookout.testing.QueueTargets.target(
            "{url: \"" + stats.url("/slow") + "\", depth: /n}", null);
    Target fast =
        new Target(
            t.name(),
            t.check(),
            t.interval(),
            java.time.Duration.ofMillis(300),
            t.window(),
            t.alert(),
            t.labels());
    long t0 = System.nanoTime();
    ProbeResult r = run(context, probe, fast);
    assertThat(r.failure())
        .isEqualTo(
            "no response from 127.0.0.1:"
                + stats.port()
                + " within 300 ms (waiting for the first byte)");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
  }

  @Test
  void aClosedPortIsReportedAsRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Target t = target("{url: \"http://127.0.0.1:" + port + "/stats\", depth: /n}", null);
    assertThat(run(context, probe, t).failure())
        .isEqualTo("connect to 127.0.0.1:" + port + " refused");
  }

  @Test
  void headersAreSentWithSecretsFromEnvironmentOrFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("token"), "s3cret-token\n");
    stats.on("/auth", Reply.json("{\"n\": 2}"));
    Target t =
        target(
            "{url: \""
                + stats.url("/auth")
                + "\", depth: /n, headers: {Authorization: \"Basic ${RABBIT_BASIC}\","
                + " X-Token_file: token}}",
            null,
            Map.of("RABBIT_BASIC", "Z3Vlc3Q6Z3Vlc3Q="),
            dir);
    assertThat(answered(run(context, probe, t)).depth()).isEqualTo(2);
    assertThat(stats.lastHeader("Authorization")).isEqualTo("Basic Z3Vlc3Q6Z3Vlc3Q=");
    assertThat(stats.lastHeader("X-Token")).isEqualTo("s3cret-token");
    assertThat(t.check().toString()).doesNotContain("s3cret").doesNotContain("Z3Vlc3Q6");
  }

  @Test
  void connectToReachesTheAddressAndKeepsTheNameInHost() {
    stats.on("/sidekiq/stats", Reply.json(fixture("sidekiq-stats.json")));
    String url = stats.url("/sidekiq/stats").replace("127.0.0.1", "jobs.bazaar.test");
    Target t = target("{url: \"" + url + "\", preset: sidekiq, connect_to: 127.0.0.1}", null);
    assertThat(answered(run(context, probe, t)).depth()).isEqualTo(1520);
  }

  @Test
  void resolversAskTheNamedResolver() {
    try (TestDnsServer staging =
        TestDnsServer.start().records("jobs.bazaar.test", "A", "127.0.0.1")) {
      stats.on("/sidekiq/stats", Reply.json(fixture("sidekiq-stats.json")));
      String url = stats.url("/sidekiq/stats").replace("127.0.0.1", "jobs.bazaar.test");
      Target t =
          target(
              "{url: \"" + url + "\", preset: sidekiq, resolvers: [\"" + staging.address() + "\"]}",
              null);
      assertThat(answered(run(context, probe, t)).depth()).isEqualTo(1520);
      assertThat(staging.queries()).isNotEmpty();
    }
  }
}
