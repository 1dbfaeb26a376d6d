package dev.lookout.alert.notify.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.Notification;
import dev.lookout.alert.Receiver;
import dev.lookout.config.NotifierConfig;
import dev.lookout.evaluate.Finding;
import dev.lookout.testing.TestVertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Alertmanager v2 API as two loopback receivers (an HA pair), one of them down. */
class AlertmanagerNotifierTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  @BeforeAll
  static void warmUp() {
    Receiver.warmUp();
  }

  @Test
  void postsToEveryUrlResendsWhileFiringAndEndsOnResolve() {
    Receiver am1 = new Receiver(loop.vertx());
    Receiver am2 =
        new Receiver(loop.vertx(), "503", "503", "503", "503", "503", "503", "503", "503");
    AlertmanagerNotifier notifier =
        new AlertmanagerNotifier(
            loop.vertx(),
            new AlertmanagerConfig(
                "am",
                List.of(URI.create(am1.url("")), URI.create(am2.url("/prefix/"))),
                new NotifierConfig.Delivery(Duration.ofSeconds(2), Duration.ofHours(1))),
            Map.of("env", "prod"),
            Clock.systemUTC(),
            Duration.ofMillis(200));
    try {
      Instant t = Instant.now().minusSeconds(30);
      AlertEvent firing =
          new AlertEvent(
              AlertEvent.Kind.FIRING,
              "homepage",
              "critical",
              List.of(new Finding("status", "status 503 is not 200")),
              t,
              t,
              t);
      // One Alertmanager down is fine: the cluster gossips.
      TestVertx.await(notifier.send(Notification.of("am", t, List.of(firing))));
      assertThat(am1.requests.get(0).path()).isEqualTo("/api/v2/alerts");
      assertThat(am2.requests.get(0).path()).isEqualTo("/prefix/api/v2/alerts");
      JsonObject alert = new JsonArray(am1.requests.get(0).body()).getJsonObject(0);
      assertThat(alert.getJsonObject("labels").getMap())
          .containsEntry("alertname", "LookoutTargetFailing")
          .containsEntry("target", "homepage")
          .containsEntry("severity", "critical")
          .containsEntry("env", "prod");
      assertThat(alert.getJsonObject("annotations").getString("findings"))
          .isEqualTo("status 503 is not 200");
      assertThat(alert.getString("startsAt")).isEqualTo(t.toString());
      assertThat(Instant.parse(alert.getString("endsAt"))).isAfter(Instant.now());

      Receiver.eventually(() -> am1.requests.size() >= 3, Duration.ofSeconds(5));

      AlertEvent resolved =
          new AlertEvent(
              AlertEvent.Kind.RESOLVED, "homepage", "critical", List.of(), t, t, Instant.now());
      TestVertx.await(notifier.send(Notification.of("am", Instant.now(), List.of(resolved))));
      int afterResolve = am1.requests.size();
      JsonObject last = new JsonArray(am1.requests.get(afterResolve - 1).body()).getJsonObject(0);
      assertThat(last.getString("endsAt")).isEqualTo(resolved.at().toString());
      // No more re-posts once resolved.
      long deadline = System.nanoTime() + Duration.ofMillis(600).toNanos();
      Receiver.eventually(() -> System.nanoTime() > deadline, Duration.ofSeconds(2));
      assertThat(am1.requests).hasSize(afterResolve);
    } finally {
      TestVertx.await(notifier.close());
      am1.close();
      am2.close();
    }
  }
}
