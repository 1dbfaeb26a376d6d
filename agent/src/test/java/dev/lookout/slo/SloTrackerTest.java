package dev.lookout.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookout.config.SloPolicy;
import dev.lookout.config.Target;
import dev.lookout.testing.TestClock;
import dev.lookout.testing.TestTargets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine on a fake clock: time weighting, unknown time, budgets and burn alerts. */
class SloTrackerTest {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final SloPolicy THREE_NINES = new SloPolicy(0.999, null, Duration.ofDays(30), true);

  final TestClock clock = new TestClock(T0);
  final SloTracker tracker = new SloTracker(clock);

  static Target target(String name, SloPolicy slo) {
    Target t = TestTargets.target("name: " + name + "\nhttp: {url: \"http://127.0.0.1/\"}");
    return new Target(
        t.name(), t.check(), t.interval(), t.timeout(), t.window(), t.alert(), t.labels(), slo);
  }

  /** Probes every {@code interval} from the clock's time for {@code span}, healthy or not. */
  void probes(String name, Duration interval, Duration span, boolean healthy) {
    probes(List.of(name), interval, span, healthy);
  }

  void probes(List<String> names, Duration interval, Duration span, boolean healthy) {
    Instant end = clock.instant().plus(span);
    while (clock.instant().isBefore(end)) {
      for (String name : names) {
        tracker.record(name, clock.instant(), healthy, healthy, 0.1, interval);
      }
      clock.advance(interval);
    }
  }

  Uptime day(String name) {
    return tracker.uptime(name).uptime().get(0);
  }

  /** Probe times in seconds after T0 with their verdicts, then "now"; expected good/bad/unknown. */
  static Stream<Arguments> weighting() {
    return Stream.of(
        // uneven intervals: each verdict lasts until the next probe
        Arguments.of("0+,30-,90+", 60, 150, 90.0, 60.0),
        // a verdict lasts at most interval × 2: after 20 s nothing is known
        Arguments.of("0+,100-", 10, 110, 20.0, 10.0),
        // a probe late by less than the cap still joins up
        Arguments.of("0-,55+", 30, 60, 5.0, 55.0),
        // a retry-looking burst of failures counts by time, not by probe
        Arguments.of("0+,60-,61-,62-,63+", 60, 120, 117.0, 3.0));
  }

  @ParameterizedTest
  @MethodSource("weighting")
  void eachVerdictCountsUntilTheNextProbeCappedAtTwiceTheInterval(
      String probes, int intervalSeconds, int nowSeconds, double good, double bad) {
    tracker.configure(List.of(target("web", null)));
    for (String p : probes.split(",")) {
      long at = Long.parseLong(p.substring(0, p.length() - 1));
      tracker.record(
          "web",
          T0.plusSeconds(at),
          p.endsWith("+"),
          true,
          0.1,
          Duration.ofSeconds(intervalSeconds));
    }
    clock.advance(Duration.ofSeconds(nowSeconds));
    Tally t = tracker.tally("web", Duration.ofSeconds(nowSeconds));
    assertThat(t.goodSeconds()).isCloseTo(good, within(0.2));
    assertThat(t.badSeconds()).isCloseTo(bad, within(0.2));
    assertThat(t.unknownSeconds()).isCloseTo(nowSeconds - good - bad, within(0.2));
  }

  @Test
  void aClockSteppingBackNeverCountsTimeTwice() {
    tracker.configure(List.of(target("web", null)));
    tracker.record("web", T0, true, true, 0.1, Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    tracker.record("web", T0.plusSeconds(30), true, true, 0.1, Duration.ofSeconds(30));
    tracker.record("web", T0.plusSeconds(10), true, true, 0.1, Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    Tally t = tracker.tally("web", Duration.ofSeconds(60));
    assertThat(t.goodSeconds()).isCloseTo(60, within(0.2));
    assertThat(day("web").ratio()).isEqualTo(1.0);
  }

  @Test
  void whileTheAgentIsDownTimeIsUnknownNotDown() {
    tracker.configure(List.of(target("web", null)));
    probes("web", Duration.ofSeconds(30), Duration.ofHours(1), false);
    clock.advance(Duration.ofHours(2)); // the agent was not running
    probes("web", Duration.ofSeconds(30), Duration.ofHours(1), true);
    Uptime u = day("web");
    // the last failure before the gap lasts its 60 s cap; the rest of the gap is unknown
    assertThat(u.downSeconds()).isCloseTo(3600 + 30, within(1.0));
    assertThat(u.unknownSeconds()).isCloseTo(86400 - 7230, within(1.0));
    assertThat(u.ratio()).isCloseTo(3600.0 / 7230, within(0.001));
  }

  @Test
  void aTargetDownTwoMinutesOfTenHasEightyPercentUptime() {
    tracker.configure(List.of(target("web", null)));
    probes("web", Duration.ofSeconds(5), Duration.ofMinutes(4), true);
    probes("web", Duration.ofSeconds(5), Duration.ofMinutes(2), false);
    probes("web", Duration.ofSeconds(5), Duration.ofMinutes(4), true);
    assertThat(day("web").ratio()).isCloseTo(0.8, within(0.01));
    assertThat(tracker.uptime("web").budgets()).isEmpty();
  }

  @Test
  void theBudgetIsTheObjectivesShareOfTheWindow() {
    tracker.configure(List.of(target("checkout", THREE_NINES)));
    probes("checkout", Duration.ofSeconds(60), Duration.ofHours(1), true);
    probes("checkout", Duration.ofSeconds(60), Duration.ofMinutes(12), false);
    probes("checkout", Duration.ofSeconds(60), Duration.ofHours(1), true);
    Budget b = tracker.uptime("checkout").budgets().get(0);
    assertThat(b.totalSeconds()).isCloseTo(2592.0, within(0.01)); // 0.1 % of 30 days
    assertThat(b.remainingSeconds()).isCloseTo(2592.0 - 720, within(1.0));
    assertThat(b.remainingRatio()).isCloseTo(1872.0 / 2592, within(0.001));
    assertThat(b.text()).isEqualTo("budget left: 31 min of 43 min (72 %)");
  }

  @Test
  void theLatencyBudgetCountsSlowAndUnansweredProbes() {
    SloPolicy p =
        new SloPolicy(null, new SloPolicy.Latency(Duration.ofMillis(800), 0.9), null, true);
    tracker.configure(List.of(target("api", p)));
    Duration i = Duration.ofSeconds(10);
    for (int n = 0; n < 100; n++) {
      double seconds = n < 3 ? 1.2 : 0.2; // three slow
      tracker.record("api", clock.instant(), true, n != 3, seconds, i); // one unanswered
      clock.advance(i);
    }
    Budget b = tracker.uptime("api").budgets().get(0);
    assertThat(b.slo()).isEqualTo("latency");
    assertThat(b.remainingRatio()).isCloseTo(1 - 4 / 10.0, within(0.001));
  }

  /** Each window pair: a steady good history, then an outage just long enough for its factor. */
  @ParameterizedTest
  @EnumSource(BurnWindow.class)
  void eachBurnWindowFiresAtItsFactorAndStopsOnceTheShortWindowIsClean(BurnWindow w) {
    tracker.configure(List.of(target("checkout", THREE_NINES)));
    Duration interval = Duration.ofSeconds(10);
    probes("checkout", interval, Duration.ofDays(4), true);
    double needed = w.factor * 0.001 * w.longWindow.toSeconds();
    SloTracker.Entry e = tracker.entry("checkout");
    probes("checkout", interval, Duration.ofSeconds((long) (needed * 0.9)), false);
    assertThat(BurnAlerts.burning(e, clock.instant(), w, "availability", 0.999)).isFalse();
    probes("checkout", interval, Duration.ofSeconds((long) (needed * 0.15) + 20), false);
    assertThat(BurnAlerts.burning(e, clock.instant(), w, "availability", 0.999)).isTrue();
    probes("checkout", interval, w.shortWindow.plusMinutes(1), true);
    assertThat(BurnAlerts.burning(e, clock.instant(), w, "availability", 0.999)).isFalse();
  }

  @Test
  void aFullOutagePagesWithinSeventySecondsAndResolvesOnceItEnds() {
    tracker.configure(List.of(target("checkout", THREE_NINES)));
    Duration interval = Duration.ofSeconds(10);
    probes("checkout", interval, Duration.ofHours(7), true);
    assertThat(tracker.burnEvents(clock.instant())).isEmpty();
    List<BurnEvent> events = new ArrayList<>();
    Instant start = clock.instant();
    while (events.stream().noneMatch(e -> e.severity().equals("critical"))
        && clock.instant().isBefore(start.plusSeconds(70))) {
      probes("checkout", interval, interval, false);
      events.addAll(tracker.burnEvents(clock.instant()));
    }
    // the 3-day ticket (factor 1) notices first, then the 1-hour page
    assertThat(events)
        .extracting(BurnEvent::alert)
        .containsExactly("slo:availability:ticket", "slo:availability:page");
    BurnEvent page = events.get(1);
    assertThat(page.window()).isEqualTo("1h");
    assertThat(page.firing()).isTrue();
    assertThat(page.severity()).isEqualTo("critical");
    assertThat(page.message())
        .matches(
            "checkout is burning its 30-day error budget \\d+× too fast: at this rate it is gone"
                + " in \\d+ h");
    probes("checkout", interval, Duration.ofMinutes(6), true);
    List<BurnEvent> after = tracker.burnEvents(clock.instant());
    assertThat(after)
        .extracting(BurnEvent::alert, BurnEvent::firing)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("slo:availability:page", false));
    assertThat(after.get(0).message())
        .startsWith("checkout's 30-day error budget is no longer burning too fast");
    probes("checkout", interval, Duration.ofHours(7), true);
    assertThat(tracker.burnEvents(clock.instant()))
        .extracting(BurnEvent::alert, BurnEvent::firing)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("slo:availability:ticket", false));
  }

  @Test
  void theMessageSaysWhenTheBudgetIsGoneAtThisRate() {
    assertThat(BurnAlerts.fireMessage("checkout", THREE_NINES, "availability", 33, 1.0))
        .isEqualTo(
            "checkout is burning its 30-day error budget 33× too fast: at this rate it is gone in"
                + " 22 h");
  }

  @Test
  void scatteredFailuresRaiseATicketNotAPage() {
    tracker.configure(List.of(target("checkout", THREE_NINES)));
    Duration interval = Duration.ofSeconds(60);
    List<BurnEvent> events = new ArrayList<>();
    for (int n = 0; n < 24 * 60; n++) {
      tracker.record("checkout", clock.instant(), n % 50 != 49, true, 0.1, interval);
      clock.advance(interval);
      events.addAll(tracker.burnEvents(clock.instant()));
    }
    assertThat(events).extracting(BurnEvent::severity).containsExactly("warning");
    assertThat(events.get(0).alert()).isEqualTo("slo:availability:ticket");
  }

  @Test
  void oneFailedProbeAtAFiveMinuteIntervalNeverAlerts() {
    tracker.configure(List.of(target("checkout", THREE_NINES)));
    Duration interval = Duration.ofMinutes(5);
    List<BurnEvent> events = new ArrayList<>();
    for (int n = 0; n < 12 * 24; n++) {
      tracker.record("checkout", clock.instant(), n != 200, true, 0.1, interval);
      for (int s = 0; s < 5; s++) {
        clock.advance(Duration.ofMinutes(1));
        events.addAll(tracker.burnEvents(clock.instant()));
      }
    }
    assertThat(events).isEmpty();
    // while two in a row do page
    for (int n = 0; n < 3; n++) {
      tracker.record("checkout", clock.instant(), false, true, 0.1, interval);
      clock.advance(interval);
      events.addAll(tracker.burnEvents(clock.instant()));
    }
    assertThat(events).extracting(BurnEvent::severity).contains("critical");
  }

  @Test
  void aReloadKeepsTheHistoryOfKeptTargetsAndForgetsRemovedOnes() {
    tracker.configure(List.of(target("web", THREE_NINES), target("gone", null)));
    probes("web", Duration.ofMinutes(1), Duration.ofDays(2), true);
    probes("web", Duration.ofMinutes(1), Duration.ofHours(1), false);
    double down = tracker.uptime("web").uptime().get(1).downSeconds();
    SloPolicy longer =
        new SloPolicy(
            0.99, new SloPolicy.Latency(Duration.ofSeconds(1), 0.9), Duration.ofDays(60), true);
    tracker.configure(List.of(target("web", longer)));
    assertThat(tracker.uptime("web").uptime().get(1).downSeconds()).isEqualTo(down);
    assertThat(tracker.uptime("gone")).isNull();
    // the minutes are full; of the 60 days' hours, the 49 the history holds are allocated
    assertThat(tracker.bytes("web")).isEqualTo(2 * (5 * 362 + 4 * 49));
  }

  @Test
  void thirtyDaysOfHistoryFitInTenKilobytesPerTarget() {
    SloPolicy both =
        new SloPolicy(0.999, new SloPolicy.Latency(Duration.ofMillis(800), 0.99), null, true);
    tracker.configure(List.of(target("a", both), target("b", null)));
    // fresh: the first 8 minutes and 8 hours
    assertThat(tracker.bytes("a")).isEqualTo(144L);
    assertThat(tracker.bytes("b")).isEqualTo(80L);
    // 30 days at 30 s, with an outage every day
    for (int day = 0; day < 30; day++) {
      probes(List.of("a", "b"), Duration.ofSeconds(30), Duration.ofHours(23), true);
      probes(List.of("a", "b"), Duration.ofSeconds(30), Duration.ofHours(1), false);
    }
    assertThat(tracker.bytes("a")).isEqualTo(9_572L); // 5 × 2 × 362 + 4 × 2 × 744
    assertThat(tracker.bytes("b")).isEqualTo(5_148L); // 3 × 2 × 362 + 2 × 2 × 744
    assertThat(1_000 * tracker.bytes("a")).isLessThan(10L * 1024 * 1024);
    Uptime month = tracker.uptime("a").uptime().get(2);
    assertThat(month.ratio()).isCloseTo(23.0 / 24, within(0.001));
    assertThat(month.downSeconds()).isCloseTo(30 * 3600, within(60.0));
  }
}
