package dev.lookout.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lookout.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OverloadTest {
  static final Duration INTERVAL = Duration.ofSeconds(10);

  final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
  final Overload overload = new Overload(clock);
  final ListAppender<ILoggingEvent> log = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger(Overload.class);

  @BeforeEach
  void captureLog() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(log);
  }

  private List<String> logged(Level level) {
    return log.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void startsOnScheduleAreNotOverload() {
    for (int i = 0; i < 100; i++) {
      overload.started(Duration.ofMillis(40), INTERVAL);
    }
    assertThat(overload.overloaded()).isFalse();
    assertThat(overload.reason()).isEmpty();
    assertThat(log.list).isEmpty();
  }

  @Test
  void aSlowTargetSkippingItsOwnStartsIsNotOverload() {
    overload.started(Duration.ofMillis(3), INTERVAL);
    overload.skipped(4);
    assertThat(overload.overloaded()).isFalse();
  }

  @Test
  void aStartMoreThanAnIntervalLateIsOverloadForTheNextMinute() {
    overload.started(Duration.ofSeconds(2), INTERVAL);
    overload.started(Duration.ofSeconds(58), INTERVAL);
    overload.skipped(20_512);
    assertThat(overload.overloaded()).isTrue();
    assertThat(overload.reason())
        .contains(
            "in the last minute probes started up to 58 s late (30 s on average), 1 start was"
                + " more than an interval late and 20512 planned starts were skipped; raise"
                + " agent.max_in_flight, shorten the targets' timeouts, or split the targets over"
                + " more agents with agent.shard");
    clock.advance(Duration.ofSeconds(45));
    assertThat(overload.overloaded()).isTrue();
    clock.advance(Duration.ofSeconds(20));
    assertThat(overload.overloaded()).isFalse();
    assertThat(overload.reason()).isEmpty();
  }

  @Test
  void theWarningComesAtMostOnceAMinuteAndTheEndOnce() {
    // Two and a half minutes of late starts, one a second.
    for (int s = 0; s < 150; s++) {
      overload.started(Duration.ofSeconds(40), INTERVAL);
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(logged(Level.WARN))
        .hasSize(3)
        .allSatisfy(
            m ->
                assertThat(m)
                    .startsWith(
                        "the agent is overloaded: in the last minute probes started up to 40 s late")
                    .contains("raise agent.max_in_flight"));
    // Then the agent keeps up: once the late starts have left the window, one line says so.
    for (int s = 0; s < 90; s++) {
      overload.started(Duration.ofMillis(5), INTERVAL);
      clock.advance(Duration.ofSeconds(1));
    }
    // The last late start stays within "the last minute" until about 3:29: one more warning at
    // 3:00.
    assertThat(logged(Level.WARN)).hasSize(4);
    assertThat(logged(Level.INFO))
        .containsExactly(
            "the agent keeps up with its schedule again (no probe more than an interval late in"
                + " the last minute)");
    assertThat(overload.overloaded()).isFalse();
  }
}
