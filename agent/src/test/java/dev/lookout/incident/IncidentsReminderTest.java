package dev.lookout.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.alert.AlertEvent;
import dev.lookout.config.Config;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.state.StateHealth;
import dev.lookout.testing.TestClock;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged incident stops its reminders: somebody is on it. */
class IncidentsReminderTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path state;

  record Sent(String notifier, AlertEvent.Kind kind) {}

  @Test
  void remindersGoOutUntilTheIncidentIsAcknowledgedAndNotAfter() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    Config config =
        TestTargets.config(
            """
            notifiers:
              hook: {type: webhook, url: "http://127.0.0.1:9/hook"}
            targets:
              - name: shop
                http: {url: "http://127.0.0.1:9/"}
                alert: {notify: [hook], repeat: 1h, group_wait: 0s}
            """);
    Target shop = config.targets().get(0);
    List<Sent> sent = new CopyOnWriteArrayList<>();
    Incidents incidents =
        new Incidents(
            new IncidentLog(loop.vertx(), state, new StateHealth(state), clock),
            (notifier, event, wait) -> sent.add(new Sent(notifier, event.kind())),
            clock,
            config);
    String deployment = TestVertx.await(loop.vertx().deployVerticle(incidents));
    try {
      Instant fired = clock.instant();
      incidents.event(shop, event(AlertEvent.Kind.FIRING, fired, clock.instant()));
      eventually(() -> sent.size() == 1);

      clock.advance(Duration.ofHours(1));
      incidents.event(shop, event(AlertEvent.Kind.REMINDER, fired, clock.instant()));
      eventually(() -> sent.size() == 2);
      assertThat(sent.get(1)).isEqualTo(new Sent("hook", AlertEvent.Kind.REMINDER));

      assertThat(TestVertx.await(incidents.acknowledge("shop@" + fired.toEpochMilli(), "Ana", "")))
          .isEqualTo(Incidents.AckResult.ACKNOWLEDGED);
      eventually(() -> sent.stream().anyMatch(s -> s.kind() == AlertEvent.Kind.ACKNOWLEDGED));

      clock.advance(Duration.ofHours(1));
      incidents.event(shop, event(AlertEvent.Kind.REMINDER, fired, clock.instant()));
      // A resolve after the reminder: once it is out, the reminder had its chance to be sent.
      clock.advance(Duration.ofMinutes(5));
      incidents.event(shop, event(AlertEvent.Kind.RESOLVED, fired, clock.instant()));
      eventually(() -> sent.stream().anyMatch(s -> s.kind() == AlertEvent.Kind.RESOLVED));
      assertThat(sent.stream().filter(s -> s.kind() == AlertEvent.Kind.REMINDER).count())
          .as("reminders sent: %s", sent)
          .isEqualTo(1);
    } finally {
      TestVertx.await(loop.vertx().undeploy(deployment));
    }
  }

  static AlertEvent event(AlertEvent.Kind kind, Instant fired, Instant at) {
    return new AlertEvent(
        kind,
        "shop",
        "critical",
        List.of(new Finding("status", "status 503, expected 2xx")),
        fired.minusSeconds(30),
        fired,
        at);
  }

  static void eventually(java.util.function.BooleanSupplier ok) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!ok.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
    }
  }
}
