package dev.lookout.check.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.evaluate.Finding;
import dev.lookout.history.DepthSeries.Trend;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueEvaluatorTest {
  private static final double NAN = Double.NaN;

  private static List<String> judge(QueueExpect e, QueueObservation o, Trend t) {
    return QueueEvaluator.evaluate(e, o, t).stream().map(Finding::message).toList();
  }

  @Test
  void nothingExpectedIsNothingFound() {
    assertThat(
            judge(
                new QueueExpect(null, null, null, null, null),
                new QueueObservation(1e6, 0, 1e5),
                new Trend(10, Duration.ofMinutes(10), 50, 1e6)))
        .isEmpty();
  }

  @Test
  void oneMessageIsSingular() {
    assertThat(
            judge(
                new QueueExpect(1L, null, 1, null, null),
                new QueueObservation(1, 0, NAN),
                Trend.NONE))
        .containsExactly(
            "backlog 1 message, expected below 1", "0 consumers with 1 message waiting");
  }

  @Test
  void tooFewConsumersWithoutABacklogIsStillReported() {
    assertThat(
            judge(
                new QueueExpect(null, null, 1, null, null),
                new QueueObservation(0, 0, 0),
                Trend.NONE))
        .containsExactly("0 consumers, expected at least 1");
    assertThat(
            judge(
                new QueueExpect(null, null, 2, null, null),
                new QueueObservation(5, 1, 0),
                Trend.NONE))
        .containsExactly("1 consumer, expected at least 2");
  }

  @Test
  void unknownValuesAreNotJudged() {
    assertThat(
            judge(
                new QueueExpect(null, 1.0, 1, Duration.ofSeconds(1), null),
                new QueueObservation(5, NAN, NAN),
                Trend.NONE))
        .isEmpty();
  }

  @Test
  void aSlowGrowthIsWrittenWithADecimal() {
    assertThat(
            judge(
                new QueueExpect(null, 0.5, null, null, null),
                new QueueObservation(20, NAN, NAN),
                new Trend(5, Duration.ofSeconds(45), 2.5 / 60, 20)))
        .containsExactly("backlog growing 2.5 messages/min over the last 45 s, expected below 0.5");
  }

  @Test
  void pastTheLimitOnlyTheDepthIsReported() {
    assertThat(
            judge(
                new QueueExpect(1000L, null, null, null, Duration.ofMinutes(15)),
                new QueueObservation(1200, NAN, NAN),
                new Trend(5, Duration.ofMinutes(4), 1, 1200)))
        .containsExactly("backlog 1200 messages, expected below 1000");
  }

  @ParameterizedTest
  @CsvSource({
    "0.4, under a second",
    "44.6, about 45 s",
    "240, about 4 min",
    "5399, about 90 min",
    "7200, about 2 h",
    "259200, about 3 d"
  })
  void predictionsAreRoundedAsSpoken(double seconds, String said) {
    assertThat(QueueEvaluator.about(seconds)).isEqualTo(said);
  }

  @ParameterizedTest
  @CsvSource({"590, 10 min", "119, 119 s", "7200, 2 h", "9000, 2.5 h"})
  void spansAreRoundedAsSpoken(long seconds, String said) {
    assertThat(QueueEvaluator.span(Duration.ofSeconds(seconds))).isEqualTo(said);
  }
}
