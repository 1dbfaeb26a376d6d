package dev.lookout.alert;

import static dev.lookout.alert.Receiver.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.alert.notify.webhook.WebhookConfig;
import dev.lookout.alert.notify.webhook.WebhookNotifier;
import dev.lookout.config.NotifierConfig;
import dev.lookout.evaluate.Finding;
import dev.lookout.state.Outbox;
import dev.lookout.testing.TestVertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The outbox and its dispatcher against a scripted webhook receiver on loopback. */
class DispatcherTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200));
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path stateDir;
  Receiver receiver;
  final RecordingMeters meters = new RecordingMeters();
  String deployment;

  @org.junit.jupiter.api.BeforeAll
  static void warmUp() {
    Receiver.warmUp();
  }

  @AfterEach
  void tearDown() {
    if (deployment != null) {
      TestVertx.await(loop.vertx().undeploy(deployment));
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  static AlertEvent firing(String target) {
    Instant t = Instant.now();
    return new AlertEvent(
        AlertEvent.Kind.FIRING,
        target,
        "critical",
        List.of(new Finding("status", "status 503 is not 200")),
        t.minusSeconds(3),
        t,
        t);
  }

  Dispatcher start(Duration timeout, Duration giveUp) {
    WebhookConfig config =
        new WebhookConfig(
            "hook",
            URI.create(receiver.url("/hook")),
            "s3cret",
            new NotifierConfig.Delivery(timeout, giveUp));
    Notifier notifier =
        new WebhookNotifier(loop.vertx(), config, Map.of("env", "test"), Clock.systemUTC());
    Dispatcher d =
        new Dispatcher(
            new Outbox(loop.vertx(), stateDir),
            Map.of("hook", new Dispatcher.Route(notifier, config.delivery())),
            meters,
            FAST,
            Clock.systemUTC());
    deployment = TestVertx.await(loop.vertx().deployVerticle(d));
    current = d;
    return d;
  }

  long outboxFiles() {
    Path dir = stateDir.resolve("outbox");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void failuresAreRetriedUntilOneDeliveryArrives() {
    receiver = new Receiver(loop.vertx(), "500", "502", "200");
    start(Duration.ofSeconds(2), Duration.ofHours(1));
    loopSubmit("hook", firing("homepage"));
    eventually(() -> meters.count("hook/sent") == 1 && outboxFiles() == 0, WAIT);
    assertThat(receiver.requests).hasSize(3);
    assertThat(receiver.delivered()).hasSize(1);
    assertThat(
            receiver.requests.stream()
                .map(r -> r.headers().get("X-Lookout-Notification-Id"))
                .distinct())
        .singleElement()
        .isEqualTo(receiver.delivered().get(0).json().getString("id"));
    assertThat(meters.count("hook/failed")).isEqualTo(2);
    assertThat(meters.count("hook/retried")).isEqualTo(2);
    assertThat(meters.firingDelays).hasSize(1);
    eventually(() -> meters.pending.getAsInt() == 0, WAIT);
  }

  @Test
  void retryAfterIsHonoured() {
    receiver = new Receiver(loop.vertx(), "429:1", "200");
    start(Duration.ofSeconds(2), Duration.ofHours(1));
    loopSubmit("hook", firing("homepage"));
    eventually(() -> meters.count("hook/sent") == 1, WAIT);
    List<Receiver.Request> r = receiver.requests;
    assertThat(r).hasSize(2);
    assertThat(Duration.ofNanos(r.get(1).nanos() - r.get(0).nanos()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void aHangingReceiverTimesOutAndIsRetried() {
    receiver = new Receiver(loop.vertx(), "hang", "200");
    start(Duration.ofMillis(300), Duration.ofHours(1));
    loopSubmit("hook", firing("homepage"));
    eventually(() -> meters.count("hook/sent") == 1 && outboxFiles() == 0, WAIT);
    assertThat(receiver.requests).hasSize(2);
    assertThat(receiver.delivered()).hasSize(1);
  }

  @Test
  void eventsWithinGroupWaitBecomeOneMessage() {
    receiver = new Receiver(loop.vertx());
    Dispatcher d = start(Duration.ofSeconds(2), Duration.ofHours(1));
    for (int i = 0; i < 50; i++) {
      d.submit("hook", firing("shop-" + i), Duration.ofMillis(300));
    }
    eventually(() -> meters.count("hook/sent") == 1, WAIT);
    assertThat(receiver.requests).hasSize(1);
    assertThat(receiver.requests.get(0).json().getJsonArray("alerts")).hasSize(50);
    assertThat(receiver.requests.get(0).json().getString("summary"))
        .startsWith("[FIRING 50] shop-0, shop-1");
  }

  /** The console says what broke at once: the log notifier never waits for group_wait. */
  @Test
  void theLogNotifierWritesEachEventAtOnceWhateverGroupWaitSays() {
    Notifier log = new dev.lookout.alert.notify.log.LogNotifier("console");
    Dispatcher d =
        new Dispatcher(
            new Outbox(loop.vertx(), stateDir),
            Map.of(
                "console",
                new Dispatcher.Route(
                    log, new NotifierConfig.Delivery(Duration.ofSeconds(2), Duration.ofHours(1)))),
            meters,
            FAST,
            Clock.systemUTC());
    deployment = TestVertx.await(loop.vertx().deployVerticle(d));
    d.submit("console", firing("shop"), Duration.ofHours(1));
    eventually(() -> meters.count("console/sent") == 1, WAIT);
    d.submit("console", firing("cart"), Duration.ofHours(1));
    eventually(() -> meters.count("console/sent") == 2, WAIT);
  }

  @Test
  void aNotificationPastGiveUpAfterIsDroppedLoudly() {
    receiver =
        new Receiver(
            loop.vertx(),
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500",
            "500");
    start(Duration.ofSeconds(1), Duration.ofMillis(400));
    loopSubmit("hook", firing("homepage"));
    eventually(() -> meters.count("hook/expired") == 1 && outboxFiles() == 0, WAIT);
    assertThat(receiver.delivered()).isEmpty();
    assertThat(meters.count("hook/sent")).isZero();
  }

  @Test
  void theWebhookIsSignedOverTimestampAndBody() {
    receiver = new Receiver(loop.vertx());
    start(Duration.ofSeconds(2), Duration.ofHours(1));
    loopSubmit("hook", firing("homepage"));
    eventually(() -> receiver.delivered().size() == 1, WAIT);
    Receiver.Request r = receiver.delivered().get(0);
    String ts = r.headers().get("X-Lookout-Timestamp");
    assertThat(r.headers().get("X-Lookout-Signature"))
        .isEqualTo("sha256=" + WebhookNotifier.sign("s3cret", ts, r.body()));
    assertThat(r.json().getString("schema")).isEqualTo("lookout.notification/v1");
    assertThat(r.json().getJsonArray("alerts").getJsonObject(0).getString("status"))
        .isEqualTo("firing");
    assertThat(r.json().getJsonObject("agent").getJsonObject("labels").getString("env"))
        .isEqualTo("test");
    assertThat(r.body().toString()).doesNotContain("s3cret");
  }

  @Test
  void aNotificationStoredBeforeAStopIsDeliveredByTheNextRun() {
    receiver =
        new Receiver(
            loop.vertx(),
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503",
            "503");
    start(Duration.ofSeconds(1), Duration.ofHours(1));
    loopSubmit("hook", firing("homepage"));
    eventually(() -> meters.count("hook/failed") >= 1, WAIT);
    TestVertx.await(loop.vertx().undeploy(deployment));
    deployment = null;
    assertThat(outboxFiles()).isEqualTo(1);
    int before = receiver.requests.size();
    String id = receiver.requests.get(0).headers().get("X-Lookout-Notification-Id");
    receiver.close();

    receiver = new Receiver(loop.vertx());
    start(Duration.ofSeconds(1), Duration.ofHours(1));
    eventually(() -> receiver.delivered().size() == 1 && outboxFiles() == 0, WAIT);
    assertThat(receiver.requests).hasSize(1);
    assertThat(receiver.delivered().get(0).headers().get("X-Lookout-Notification-Id"))
        .isEqualTo(id);
    assertThat(before).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aNotificationLeftByAKilledAgentIsDeliveredOnStart() throws Exception {
    // What kill -9 after the outbox write leaves behind: the file, and nothing in memory.
    Notification left = Notification.of("hook", Instant.now(), List.of(firing("homepage")));
    Files.createDirectories(stateDir.resolve("outbox"));
    Files.write(
        stateDir.resolve("outbox/" + left.id() + ".json"),
        NotificationJson.encode(left).getBytes());
    receiver = new Receiver(loop.vertx());
    start(Duration.ofSeconds(1), Duration.ofHours(1));
    eventually(() -> receiver.delivered().size() == 1 && outboxFiles() == 0, WAIT);
    assertThat(receiver.delivered().get(0).json().getString("id")).isEqualTo(left.id());
  }

  @Test
  void anUnreadableOutboxFileIsSetAside() throws Exception {
    Files.createDirectories(stateDir.resolve("outbox"));
    Files.writeString(stateDir.resolve("outbox/garbage-1.json"), "{ not json");
    receiver = new Receiver(loop.vertx());
    start(Duration.ofSeconds(1), Duration.ofHours(1));
    eventually(() -> Files.exists(stateDir.resolve("outbox/garbage-1.broken")), WAIT);
    assertThat(receiver.requests).isEmpty();
  }

  @Test
  void eventsStillGroupingWhenStoppedAreSentBeforeTheDispatcherGoes() {
    receiver = new Receiver(loop.vertx());
    Dispatcher d = start(Duration.ofSeconds(1), Duration.ofHours(1));
    d.submit("hook", firing("homepage"), Duration.ofMinutes(10));
    eventually(() -> d.grouping() == 1, WAIT);
    assertThat(receiver.requests).isEmpty();
    TestVertx.await(loop.vertx().undeploy(deployment));
    deployment = null;
    assertThat(receiver.delivered()).hasSize(1);
    assertThat(outboxFiles()).isZero();
  }

  @Test
  void eventsThatCannotBeSentAtStopAreKeptForTheNextRun() {
    String[] down = new String[200];
    java.util.Arrays.fill(down, "503");
    receiver = new Receiver(loop.vertx(), down);
    Dispatcher d = start(Duration.ofSeconds(1), Duration.ofHours(1));
    d.submit("hook", firing("homepage"), Duration.ofMinutes(10));
    eventually(() -> d.grouping() == 1, WAIT);
    TestVertx.await(loop.vertx().undeploy(deployment));
    deployment = null;
    assertThat(receiver.requests).isNotEmpty();
    assertThat(receiver.delivered()).isEmpty();
    assertThat(outboxFiles()).isEqualTo(1);
    receiver.close();
    receiver = new Receiver(loop.vertx());
    start(Duration.ofSeconds(1), Duration.ofHours(1));
    eventually(() -> receiver.delivered().size() == 1 && outboxFiles() == 0, WAIT);
  }

  private Dispatcher current;

  private void loopSubmit(String notifier, AlertEvent e) {
    // group_wait of 1 ms: the tests above that are not about grouping send at once.
    findDispatcher().submit(notifier, e, Duration.ofMillis(1));
  }

  private Dispatcher findDispatcher() {
    return current;
  }
}
