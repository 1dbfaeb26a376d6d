package dev.lookout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "250ms,250",
    "10s,10000",
    "5m,300000",
    "4h,14400000",
    "7d,604800000",
    "1h30m,5400000"
  })
  void parsesTheUnitsOpsWrite(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "ten seconds", "5 m", "1.5s", "-3s", ""})
  void rejectsAnythingElseWithAHint(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"800,800 ms", "1420,1.42 s", "300000,5 min", "14400000,4 h"})
  void printsForPeople(long millis, String text) {
    assertThat(Durations.human(Duration.ofMillis(millis))).isEqualTo(text);
  }
}
