package dev.lookout.alert.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.DeliveryException;
import dev.lookout.alert.Notification;
import dev.lookout.alert.Receiver;
import dev.lookout.config.NotifierConfig;
import dev.lookout.evaluate.Finding;
import dev.lookout.testing.TestVertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack's incoming webhook, played by a loopback receiver: Block Kit, escaping, secret-free errors.
 */
class SlackNotifierTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  static final Instant T = Instant.parse("2026-11-28T01:00:00Z");
  Receiver receiver;

  @BeforeAll
  static void warmUp() {
    Receiver.warmUp();
  }

  @AfterEach
  void close() {
    receiver.close();
  }

  SlackNotifier notifier(String path) {
    return new SlackNotifier(
        loop.vertx(),
        new SlackConfig(
            "ops",
            URI.create(receiver.url(path)),
            new NotifierConfig.Delivery(Duration.ofSeconds(5), Duration.ofHours(1))),
        Map.of("location", "fra1"));
  }

  static AlertEvent event(AlertEvent.Kind kind, String target, String finding) {
    return new AlertEvent(
        kind,
        target,
        "critical",
        List.of(new Finding("body_contains", finding)),
        T,
        T,
        T.plusSeconds(300));
  }

  @Test
  void hostileTextIsShownNotObeyed() {
    receiver = new Receiver(loop.vertx());
    Notification n =
        new Notification(
            "2d0f5b1e-0000-4000-8000-000000000001",
            "ops",
            T,
            List.of(
                event(
                    AlertEvent.Kind.FIRING,
                    "<!channel>",
                    "body says <http://evil|click> @here & </td><script>"),
                event(AlertEvent.Kind.RESOLVED, "api", "ok")),
            false);
    TestVertx.await(notifier("/services/T000/B000/XXXX").send(n));

    String raw = receiver.delivered().get(0).body().toString();
    JsonObject payload = new JsonObject(raw);
    assertThat(raw).doesNotContain("<!channel>", "<http://evil|click>", "<script>", "@here");
    String blocks = payload.getJsonArray("blocks").encode();
    assertThat(blocks)
        .contains("&lt;!channel&gt;")
        .contains("&lt;http://evil|click&gt;")
        .contains("@\u200Bhere")
        .contains("&amp; &lt;/td&gt;&lt;script&gt;");
    assertThat(payload.getString("text"))
        .contains("FIRING &lt;!channel&gt;", "RESOLVED api [critical] after 5 min");
    assertThat(payload.getJsonArray("blocks").getJsonObject(0).getString("type"))
        .isEqualTo("header");
    assertThat(blocks).contains("agent: location=fra1");
  }

  @Test
  void aFiringAlertCarriesAnAckButtonAndTheSameLinkInTheFallback() {
    receiver = new Receiver(loop.vertx());
    dev.lookout.alert.AlertLinks links =
        new dev.lookout.alert.AlertLinks(java.time.Clock.systemUTC())
            .configure(URI.create("https://lookout.example.com"), "slack-test-secret-0123");
    SlackNotifier n =
        new SlackNotifier(
            loop.vertx(),
            new SlackConfig(
                "ops",
                URI.create(receiver.url("/hook")),
                new NotifierConfig.Delivery(Duration.ofSeconds(5), Duration.ofHours(1))),
            Map.of(),
            links);
    AlertEvent firing =
        new AlertEvent(
            AlertEvent.Kind.FIRING,
            "shop",
            "critical",
            List.of(new Finding("status", "status 503")),
            T,
            T,
            T.plusSeconds(60),
            1);
    TestVertx.await(n.send(Notification.of("ops", T, List.of(firing))));
    JsonObject payload = receiver.delivered().get(0).json();
    JsonObject button =
        payload.getJsonArray("blocks").stream()
            .map(o -> (JsonObject) o)
            .filter(b -> b.getString("type").equals("actions"))
            .findFirst()
            .orElseThrow()
            .getJsonArray("elements")
            .getJsonObject(0);
    assertThat(button.getString("type")).isEqualTo("button");
    String url = button.getString("url");
    assertThat(url).startsWith("https://lookout.example.com/ack/shop%40").contains("?sig=");
    assertThat(payload.getString("text")).contains("acknowledge: " + url);
    assertThat(payload.encode()).doesNotContain("slack-test-secret");
  }

  @Test
  void aFailedPostNamesTheHostNeverTheUrl() {
    receiver = new Receiver(loop.vertx(), "500");
    Notification n =
        Notification.of(
            "ops", T, List.of(event(AlertEvent.Kind.FIRING, "homepage", "status 503 is not 200")));
    Throwable t =
        catchThrowable(() -> TestVertx.await(notifier("/services/T000/B000/SECRETTOKEN").send(n)));
    assertThat(t.getCause()).isInstanceOf(DeliveryException.class);
    assertThat(t.getCause().getMessage())
        .isEqualTo("slack notifier \"ops\": 500 from 127.0.0.1")
        .doesNotContain("SECRETTOKEN");
  }

  @Test
  void aDeadReceiverIsReportedWithoutTheUrl() {
    receiver = new Receiver(loop.vertx());
    int port = receiver.port();
    receiver.close();
    receiver = new Receiver(loop.vertx());
    SlackNotifier dead =
        new SlackNotifier(
            loop.vertx(),
            new SlackConfig(
                "ops",
                URI.create("http://127.0.0.1:" + port + "/services/SECRETTOKEN"),
                new NotifierConfig.Delivery(Duration.ofSeconds(2), Duration.ofHours(1))),
            Map.of());
    Notification n =
        Notification.of(
            "ops", T, List.of(event(AlertEvent.Kind.FIRING, "homepage", "status 503 is not 200")));
    Throwable t = catchThrowable(() -> TestVertx.await(dead.send(n)));
    assertThat(t.getCause().getMessage())
        .startsWith("slack notifier \"ops\": cannot reach 127.0.0.1")
        .doesNotContain("SECRETTOKEN");
  }
}
