package dev.lookout.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.alert.AlertEvent;
import dev.lookout.config.BusinessHours;
import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import dev.lookout.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Route matching by the wall clock of a time zone, on a clock the test moves. */
class RoutePlanTest {
  static final String NOTIFIERS =
      "notifiers:\n"
          + "  team-slack: {type: webhook, url: \"http://127.0.0.1:9/a\"}\n"
          + "  oncall-webhook: {type: webhook, url: \"http://127.0.0.1:9/b\"}\n"
          + "  founder-phone-webhook: {type: webhook, url: \"http://127.0.0.1:9/c\"}\n"
          + "  all-hands-mail: {type: webhook, url: \"http://127.0.0.1:9/d\"}\n";

  /** The routes of issue #19, word for word. */
  static final String ROUTES =
      "alert:\n"
          + "  routes:\n"
          + "    - match: {severity: critical}\n"
          + "      hours: {days: Mon-Fri, from: \"08:00\", to: \"19:00\", time_zone: Europe/Berlin}\n"
          + "      notify: [team-slack]\n"
          + "      escalate: [{after: 15m, notify: [founder-phone-webhook]}, {after: 45m, notify: [all-hands-mail]}]\n"
          + "    - match: {severity: critical}\n"
          + "      notify: [oncall-webhook]\n"
          + "      escalate: [{after: 10m, notify: [founder-phone-webhook]}]\n"
          + "    - match: {}\n"
          + "      notify: [team-slack]\n"
          + "      hours: {days: Mon-Fri, from: \"09:00\", to: \"18:00\", time_zone: Europe/Berlin}\n"
          + "      outside_hours: hold\n";

  static Config config(String targetAlert) throws Exception {
    String yaml =
        NOTIFIERS
            + ROUTES
            + "targets:\n"
            + "  - name: shop\n"
            + "    http: {url: \"http://127.0.0.1:9/\"}\n"
            + targetAlert;
    return new ConfigLoader(Map.<String, String>of()::get)
        .parse("lookout.yaml", Path.of("."), yaml);
  }

  static AlertEvent firing(String severity, Instant at) {
    return new AlertEvent(AlertEvent.Kind.FIRING, "shop", severity, List.of(), at, at, at, 1);
  }

  static RoutePlan plan(Config c, String severity, Instant at) {
    Target t = c.targets().get(0);
    return RoutePlan.of(c.routes(), t, firing(severity, at), at, n -> false);
  }

  @Test
  void insideAndOutsideHoursAcrossTheSpringDstChangeInBerlin() throws Exception {
    Config c = config("");
    // Friday 27 March 2026 is CET (UTC+1): 07:30Z is 08:30 in Berlin, at work.
    TestClock clock = new TestClock(Instant.parse("2026-03-27T07:30:00Z"));
    assertThat(plan(c, "critical", clock.instant()).now()).containsExactly("team-slack");
    // Friday 06:30Z is 07:30 in Berlin: before hours, the night route.
    clock.advance(Duration.ofHours(-1));
    assertThat(plan(c, "critical", clock.instant()).now()).containsExactly("oncall-webhook");
    // Monday 30 March is CEST (UTC+2): the same 06:30Z is now 08:30, at work.
    clock.advance(Duration.ofDays(3));
    RoutePlan monday = plan(c, "critical", clock.instant());
    assertThat(monday.now()).containsExactly("team-slack");
    assertThat(monday.route().escalate()).hasSize(2);
    // 17:30Z on Monday is 19:30 in Berlin: after hours.
    clock.advance(Duration.ofHours(11));
    assertThat(plan(c, "critical", clock.instant()).now()).containsExactly("oncall-webhook");
  }

  @Test
  void theAutumnDstChangeMovesTheHoursBack() throws Exception {
    Config c = config("");
    // Friday 23 October 2026, CEST: 07:00Z is 09:00 in Berlin. Monday 26 October, CET: 07:00Z
    // is 08:00.
    assertThat(plan(c, "critical", Instant.parse("2026-10-23T05:30:00Z")).now())
        .containsExactly("oncall-webhook");
    assertThat(plan(c, "critical", Instant.parse("2026-10-26T06:30:00Z")).now())
        .containsExactly("oncall-webhook");
    assertThat(plan(c, "critical", Instant.parse("2026-10-26T07:00:00Z")).now())
        .containsExactly("team-slack");
  }

  @Test
  void aWindowOverMidnightBelongsToTheDayItStartsOn() throws Exception {
    BusinessHours night = BusinessHours.of("Mon-Fri", "22:00", "06:00", "UTC");
    assertThat(night.contains(Instant.parse("2026-12-04T23:00:00Z"))).isTrue(); // Fri 23:00
    assertThat(night.contains(Instant.parse("2026-12-05T05:59:00Z"))).isTrue(); // Sat 05:59
    assertThat(night.contains(Instant.parse("2026-12-05T06:00:00Z"))).isFalse(); // Sat 06:00
    assertThat(night.contains(Instant.parse("2026-12-05T23:00:00Z"))).isFalse(); // Sat night
    assertThat(night.contains(Instant.parse("2026-12-07T05:00:00Z"))).isFalse(); // Sun's night
    assertThat(night.contains(Instant.parse("2026-12-07T21:59:00Z"))).isFalse(); // Mon 21:59
    assertThat(night.contains(Instant.parse("2026-12-07T22:00:00Z"))).isTrue(); // Mon 22:00
    assertThat(night.nextStart(Instant.parse("2026-12-05T23:00:00Z")))
        .isEqualTo(Instant.parse("2026-12-07T22:00:00Z"));
  }

  @Test
  void outsideHoursTheCatchAllHoldsUntilTheHoursBegin() throws Exception {
    Config c = config("");
    // Saturday 28 March 2026, noon in Berlin; the hours begin on Monday 30 March at 09:00 CEST.
    RoutePlan p = plan(c, "warning", Instant.parse("2026-03-28T11:00:00Z"));
    assertThat(p.now()).isEmpty();
    assertThat(p.held()).containsExactly("team-slack");
    assertThat(p.until()).isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
    RoutePlan working = plan(c, "warning", Instant.parse("2026-03-30T07:00:00Z"));
    assertThat(working.now()).containsExactly("team-slack");
    assertThat(working.held()).isEmpty();
  }

  @Test
  void aTargetsOwnNotifyIsToldAtAnyHourBesideTheRoute() throws Exception {
    Config c = config("    alert: {notify: [all-hands-mail]}\n");
    RoutePlan p = plan(c, "warning", Instant.parse("2026-03-28T11:00:00Z"));
    assertThat(p.now()).containsExactly("all-hands-mail");
    assertThat(p.held()).containsExactly("team-slack");
  }

  @Test
  void withoutRoutesEverythingGoesToTheTargetsNotifiersAsBefore() throws Exception {
    String yaml =
        NOTIFIERS + "targets:\n  - name: shop\n    http: {url: \"http://127.0.0.1:9/\"}\n";
    Config c =
        new ConfigLoader(Map.<String, String>of()::get).parse("lookout.yaml", Path.of("."), yaml);
    assertThat(plan(c, "critical", Instant.parse("2026-03-28T11:00:00Z")).now())
        .containsExactly("team-slack", "oncall-webhook", "founder-phone-webhook", "all-hands-mail");
  }
}
