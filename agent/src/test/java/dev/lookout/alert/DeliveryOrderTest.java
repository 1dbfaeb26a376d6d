package dev.lookout.alert;

import static dev.lookout.alert.Receiver.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lookout.alert.notify.webhook.WebhookConfig;
import dev.lookout.alert.notify.webhook.WebhookNotifier;
import dev.lookout.config.NotifierConfig;
import dev.lookout.evaluate.Finding;
import dev.lookout.state.Outbox;
import dev.lookout.state.StateHealth;
import dev.lookout.testing.TestVertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Order and durability of deliveries through a receiver outage: a webhook receiver that answers 503
 * until it is switched up, restarts that leave exactly the files a {@code kill -9} leaves, and a
 * state directory that refuses writes.
 */
class DeliveryOrderTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(100));
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Instant FIRED = Instant.parse("2026-12-01T19:02:32.340Z");

  @TempDir Path tmp;
  final AtomicBoolean up = new AtomicBoolean();
  final List<JsonObject> accepted = new CopyOnWriteArrayList<>();
  final List<String> refusedIds = new CopyOnWriteArrayList<>();
  final List<String> deployments = new ArrayList<>();
  final RecordingMeters meters = new RecordingMeters();
  HttpServer receiver;

  @BeforeAll
  static void warmUp() {
    Receiver.warmUp();
  }

  @AfterEach
  void tearDown() {
    for (String d : deployments) {
      TestVertx.await(
          loop.vertx().undeploy(d).recover(e -> io.vertx.core.Future.succeededFuture()));
    }
    if (receiver != null) {
      TestVertx.await(receiver.close());
    }
  }

  void startReceiver() {
    receiver =
        TestVertx.await(
            loop.vertx()
                .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                body -> {
                                  int status = up.get() ? 200 : 503;
                                  if (status == 200) {
                                    accepted.add(body.toJsonObject());
                                  } else {
                                    refusedIds.add(body.toJsonObject().getString("id"));
                                  }
                                  req.response().setStatusCode(status).end();
                                }))
                .listen());
  }

  Dispatcher dispatcher(Path stateDir, StateHealth health) {
    WebhookConfig config =
        new WebhookConfig(
            "hook",
            URI.create("http://127.0.0.1:" + receiver.actualPort() + "/hook"),
            null,
            new NotifierConfig.Delivery(Duration.ofSeconds(2), Duration.ofHours(1)));
    Notifier notifier = new WebhookNotifier(loop.vertx(), config, Map.of(), Clock.systemUTC());
    Dispatcher d =
        new Dispatcher(
            new Outbox(loop.vertx(), stateDir, health),
            Map.of("hook", new Dispatcher.Route(notifier, config.delivery())),
            meters,
            FAST,
            Clock.systemUTC());
    deployments.add(TestVertx.await(loop.vertx().deployVerticle(d)));
    return d;
  }

  static AlertEvent event(AlertEvent.Kind kind, String target, int sequence, String finding) {
    return new AlertEvent(
        kind,
        target,
        "critical",
        List.of(new Finding("status", finding)),
        FIRED.minusSeconds(3),
        FIRED,
        FIRED.plusSeconds(sequence),
        sequence);
  }

  static void send(Dispatcher d, AlertEvent e) {
    d.submit("hook", e, Duration.ofMillis(1));
  }

  static long files(Path stateDir) {
    Path dir = stateDir.resolve("outbox");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** What a {@code kill -9} leaves behind: the files on disk at that moment, nothing else. */
  static void crashCopy(Path from, Path to) throws IOException {
    Files.createDirectories(to.resolve("outbox"));
    try (Stream<Path> s = Files.list(from.resolve("outbox"))) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve("outbox").resolve(p.getFileName()));
      }
    }
  }

  List<String> statuses() {
    List<String> out = new ArrayList<>();
    for (JsonObject n : accepted) {
      n.getJsonArray("alerts")
          .forEach(
              a ->
                  out.add(
                      ((JsonObject) a).getString("target")
                          + " "
                          + ((JsonObject) a).getString("status")
                          + " #"
                          + ((JsonObject) a).getInteger("sequence")));
    }
    return out;
  }

  @Test
  void aReceiverDownThroughFiringUpdatedResolvedWithAKillInBetweenGetsThemInOrder()
      throws Exception {
    startReceiver();
    Path first = tmp.resolve("first");
    Dispatcher before = dispatcher(first, new StateHealth(first));
    send(before, event(AlertEvent.Kind.FIRING, "jobs-queue", 1, "connect refused"));
    eventually(() -> files(first) == 1 && meters.count("hook/failed") >= 1, WAIT);
    send(before, event(AlertEvent.Kind.UPDATED, "jobs-queue", 2, "status 502"));
    eventually(() -> files(first) == 2, WAIT);

    Path second = tmp.resolve("second");
    crashCopy(first, second);
    TestVertx.await(loop.vertx().undeploy(deployments.remove(0)));

    Dispatcher after = dispatcher(second, new StateHealth(second));
    send(after, event(AlertEvent.Kind.RESOLVED, "jobs-queue", 3, "status 502"));
    // The stale update is folded out before anyone could see it; firing and resolved stay.
    eventually(() -> meters.count("hook/superseded") == 1 && files(second) == 2, WAIT);
    assertThat(accepted).isEmpty();

    up.set(true);
    eventually(() -> accepted.size() == 2 && files(second) == 0, WAIT);
    assertThat(statuses()).containsExactly("jobs-queue firing #1", "jobs-queue resolved #3");
    assertThat(accepted.get(0).getJsonArray("alerts").getJsonObject(0).getString("incident"))
        .isEqualTo("jobs-queue@" + FIRED.toEpochMilli())
        .isEqualTo(accepted.get(1).getJsonArray("alerts").getJsonObject(0).getString("incident"));
  }

  @Test
  void oneNotifiersNotificationsArriveInTheOrderTheyWereMadeAcrossRetries() {
    startReceiver();
    Path dir = tmp.resolve("state");
    Dispatcher d = dispatcher(dir, new StateHealth(dir));
    send(d, event(AlertEvent.Kind.FIRING, "a", 1, "down"));
    eventually(() -> files(dir) == 1, WAIT);
    send(d, event(AlertEvent.Kind.FIRING, "b", 1, "down"));
    eventually(() -> files(dir) == 2, WAIT);
    send(d, event(AlertEvent.Kind.RESOLVED, "a", 2, "down"));
    eventually(() -> files(dir) == 3, WAIT);
    send(d, event(AlertEvent.Kind.FIRING, "c", 1, "down"));
    eventually(() -> files(dir) == 4 && meters.count("hook/failed") >= 3, WAIT);

    // Only the oldest was attempted while the receiver was down: the rest queue behind it.
    assertThat(refusedIds).hasSizeGreaterThanOrEqualTo(3);
    assertThat(refusedIds.stream().distinct()).hasSize(1);

    up.set(true);
    eventually(() -> accepted.size() == 4 && files(dir) == 0, WAIT);
    assertThat(statuses())
        .containsExactly("a firing #1", "b firing #1", "a resolved #2", "c firing #1");
  }

  @Test
  void aNotificationTheDiskRefusesIsHeldInMemoryStoredOnceThereIsRoomAndDelivered()
      throws Exception {
    startReceiver();
    Path dir = tmp.resolve("full");
    Files.createDirectories(dir);
    // A file where the outbox directory should be: every write fails, as on a full disk.
    Files.writeString(dir.resolve("outbox"), "in the way");
    StateHealth health = new StateHealth(dir);
    Dispatcher d = dispatcher(dir, health);
    send(d, event(AlertEvent.Kind.FIRING, "shop", 1, "status 503"));
    eventually(() -> meters.count("hook/failed") >= 1 && health.problem() != null, WAIT);
    assertThat(meters.pending.getAsInt()).isEqualTo(1);
    assertThat(health.problem()).startsWith("state directory " + dir + " is not writable");

    Files.delete(dir.resolve("outbox")); // room again
    eventually(() -> files(dir) == 1 && health.writable(), WAIT);
    up.set(true);
    eventually(() -> accepted.size() == 1 && files(dir) == 0, WAIT);
    assertThat(statuses()).containsExactly("shop firing #1");
    assertThat(meters.pending.getAsInt()).isZero();
  }

  @Test
  void whatIsNeitherDeliveredNorStoredAtStopIsLoggedByIdTargetAndEvent() throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger logger = (Logger) LoggerFactory.getLogger(Dispatcher.class);
    logger.addAppender(log);
    try {
      startReceiver();
      Path dir = tmp.resolve("full");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("outbox"), "in the way");
      Dispatcher d = dispatcher(dir, new StateHealth(dir));
      send(d, event(AlertEvent.Kind.FIRING, "shop", 1, "status 503"));
      eventually(() -> meters.count("hook/failed") >= 1, WAIT);
      TestVertx.await(loop.vertx().undeploy(deployments.remove(0)));
      List<String> lost =
          log.list.stream()
              .map(ILoggingEvent::getFormattedMessage)
              .filter(m -> m.contains("neither delivered nor stored"))
              .toList();
      assertThat(lost).hasSize(1);
      assertThat(lost.get(0)).contains("\"hook\"").contains("FIRING for shop").contains("LOST");
      assertThat(lost.get(0)).matches("notification [0-9a-f-]{36} to .*");
    } finally {
      logger.detachAppender(log);
    }
  }
}
