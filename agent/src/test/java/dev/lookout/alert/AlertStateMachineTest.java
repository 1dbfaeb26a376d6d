package dev.lookout.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.AlertPolicy;
import dev.lookout.config.Silence;
import dev.lookout.evaluate.Finding;
import dev.lookout.evaluate.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Table tests: each step is one verdict a minute apart ({@code F} failing status, {@code B} failing
 * body, {@code .} healthy); the expected line says what each step announces ({@code -} nothing,
 * {@code F} firing, {@code U} updated, {@code R} reminder, {@code X} resolved).
 */
class AlertStateMachineTest {
  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  static final Verdict STATUS =
      new Verdict(List.of(new Finding("status", "status 503 is not 200")));
  static final Verdict BODY =
      new Verdict(
          List.of(
              new Finding("status", "status 503 is not 200"),
              new Finding("body_contains", "body lacks \"Sign in\"")));

  static AlertPolicy policy(int after, int resolveAfter, Duration repeat, List<Silence> silences) {
    return new AlertPolicy(
        after, resolveAfter, repeat, Duration.ofSeconds(10), List.of("ops"), "critical", silences);
  }

  static String run(AlertStateMachine m, String steps, int offsetMinutes) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < steps.length(); i++) {
      Verdict v =
          switch (steps.charAt(i)) {
            case 'F' -> STATUS;
            case 'B' -> BODY;
            default -> Verdict.HEALTHY;
          };
      out.append(
          m.observe(v, T0.plus(Duration.ofMinutes(offsetMinutes + i)))
              .map(e -> code(e.kind()))
              .orElse("-"));
    }
    return out.toString();
  }

  static String code(AlertEvent.Kind k) {
    return switch (k) {
      case FIRING -> "F";
      case UPDATED -> "U";
      case REMINDER -> "R";
      case ESCALATED -> "E";
      case ACKNOWLEDGED -> "A";
      case RESOLVED -> "X";
    };
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "fires after three failures,            3, 2, 0, FFF,          --F",
    "a blip never fires,                    3, 2, 0, FF.FF.FF.,    ---------",
    "resolves after two passes,             3, 2, 0, FFF..,        --F-X",
    "flapping stays one incident,           3, 2, 0, FFF.F.F..F,   --F-----X-",
    "after 1 fires at once,                 1, 1, 0, F.F.,         FXFX",
    "reminders while firing,                3, 2, 2, FFFFFFF,      --F-R-R",
    "new findings while firing update,      3, 2, 0, FFFBBF,       --FU-U",
    "a pending failure that passes is quiet, 3, 2, 0, FF..,         ----",
  })
  void transitions(
      String name, int after, int resolveAfter, int repeatMinutes, String steps, String expected) {
    Duration repeat = repeatMinutes == 0 ? null : Duration.ofMinutes(repeatMinutes);
    AlertStateMachine m =
        new AlertStateMachine("homepage", policy(after, resolveAfter, repeat, List.of()));
    assertThat(run(m, steps, 0)).isEqualTo(expected);
  }

  static Silence window(int fromMinute, int untilMinute) {
    return new Silence(
        T0.plus(Duration.ofMinutes(fromMinute)),
        T0.plus(Duration.ofMinutes(untilMinute)),
        null,
        List.of(),
        Map.of());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "a still-firing alert fires when the silence ends,  1, 5,  FFFFFFF,  -----F-",
    "an incident inside the silence stays quiet,        0, 10, FFF.....,  --------",
    "a resolve inside the silence is told at its end,   3, 6,  FFF.....,  --F---X-",
    "the window's end is exclusive,                     0, 2,  FFF,       --F",
    "before the window nothing is held,                 5, 9,  FFF..,     --F-X",
  })
  void silences(String name, int from, int until, String steps, String expected) {
    AlertStateMachine m =
        new AlertStateMachine("homepage", policy(3, 2, null, List.of(window(from, until))));
    assertThat(run(m, steps, 0)).isEqualTo(expected);
  }

  @Test
  void silencesMatchByNameOrLabel() {
    Silence byLabel = new Silence(T0, T0.plusSeconds(3600), null, List.of(), Map.of("team", "web"));
    Silence byName = new Silence(T0, T0.plusSeconds(3600), null, List.of("api"), Map.of());
    assertThat(byLabel.matches("homepage", Map.of("team", "web", "env", "prod"))).isTrue();
    assertThat(byLabel.matches("homepage", Map.of("team", "payments"))).isFalse();
    assertThat(byName.matches("api", Map.of())).isTrue();
    assertThat(byName.matches("homepage", Map.of("team", "web"))).isFalse();

    AlertStateMachine web =
        new AlertStateMachine(
            "homepage", Map.of("team", "web"), policy(1, 1, null, List.of(byLabel)));
    AlertStateMachine other =
        new AlertStateMachine("shop", Map.of("team", "shop"), policy(1, 1, null, List.of(byLabel)));
    assertThat(run(web, "F", 0)).isEqualTo("-");
    assertThat(run(other, "F", 0)).isEqualTo("F");
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    // 2026-11-29 is a Sunday; Berlin is UTC+1 in winter.
    "2026-11-29T01:00:00Z, true",
    "2026-11-29T00:59:59Z, false",
    "2026-11-29T02:59:59Z, true",
    "2026-11-29T03:00:00Z, false",
    "2026-11-28T01:30:00Z, false",
    // Summer time (UTC+2): the window follows the wall clock.
    "2026-07-05T00:30:00Z, true",
    "2026-07-05T02:30:00Z, false",
  })
  void weeklyWindowFollowsTheTimeZone(String at, boolean active) {
    Silence s =
        new Silence(
            null, null, Silence.Weekly.parse("Sun 02:00-04:00 Europe/Berlin"), List.of(), Map.of());
    assertThat(s.activeAt(Instant.parse(at))).isEqualTo(active);
  }

  @Test
  void aFiringTargetRemovedFromTheConfigResolvesWithThatReason() {
    AlertStateMachine m = new AlertStateMachine("shop", policy(2, 2, null, List.of()));
    assertThat(run(m, "FF", 0)).isEqualTo("-F");
    AlertEvent e = m.retire(T0.plus(Duration.ofMinutes(5))).orElseThrow();
    assertThat(e.kind()).isEqualTo(AlertEvent.Kind.RESOLVED);
    assertThat(Messages.findings(e)).containsExactly("the target was removed from the config");
    assertThat(m.state()).isEqualTo(AlertStateMachine.State.OK);
  }

  @Test
  void aPendingTargetRemovedFromTheConfigEndsSilently() {
    AlertStateMachine m = new AlertStateMachine("shop", policy(3, 2, null, List.of()));
    assertThat(run(m, "FF", 0)).isEqualTo("--");
    assertThat(m.retire(T0.plus(Duration.ofMinutes(5)))).isEmpty();
  }

  @Test
  void overnightWeeklyWindowBelongsToItsStartDay() {
    Silence.Weekly w = Silence.Weekly.parse("Fri 22:00-06:00 UTC");
    Silence s = new Silence(null, null, w, List.of(), Map.of());
    assertThat(s.activeAt(Instant.parse("2026-11-27T23:00:00Z"))).isTrue(); // Friday night
    assertThat(s.activeAt(Instant.parse("2026-11-28T05:59:00Z"))).isTrue(); // Saturday morning
    assertThat(s.activeAt(Instant.parse("2026-11-28T23:00:00Z"))).isFalse(); // Saturday night
    assertThat(Silence.Weekly.parse("Mon-Fri 09:00-17:00").days()).hasSize(5);
  }

  @Test
  void aRestartDoesNotReannounceAndStillResolves() {
    AlertPolicy p = policy(3, 2, null, List.of());
    AlertStateMachine before = new AlertStateMachine("homepage", p);
    assertThat(run(before, "FFF", 0)).isEqualTo("--F");
    AlertStateMachine.Snapshot saved = before.snapshot();

    AlertStateMachine stillDown = new AlertStateMachine("homepage", p);
    stillDown.restore(saved);
    assertThat(run(stillDown, "FFF", 10)).isEqualTo("---");

    AlertStateMachine recoveredWhileDown = new AlertStateMachine("homepage", p);
    recoveredWhileDown.restore(saved);
    List<AlertEvent> events = new java.util.ArrayList<>();
    recoveredWhileDown
        .observe(Verdict.HEALTHY, T0.plus(Duration.ofMinutes(20)))
        .ifPresent(events::add);
    recoveredWhileDown
        .observe(Verdict.HEALTHY, T0.plus(Duration.ofMinutes(21)))
        .ifPresent(events::add);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(AlertEvent.Kind.RESOLVED);
              assertThat(e.failingSince()).isEqualTo(T0);
              assertThat(e.duration()).isEqualTo(Duration.ofMinutes(21));
            });
  }

  @Test
  void snapshotsRoundTripThroughTheStateFile() {
    AlertStateMachine m = new AlertStateMachine("homepage", policy(3, 2, null, List.of()));
    run(m, "FFB", 0);
    var decoded = AlertStateJson.decode(AlertStateJson.encode(Map.of("homepage", m.snapshot())));
    assertThat(decoded).containsEntry("homepage", m.snapshot());
    assertThat(AlertStateJson.decode(io.vertx.core.buffer.Buffer.buffer("{not json"))).isEmpty();
  }
}
