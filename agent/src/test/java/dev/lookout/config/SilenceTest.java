package dev.lookout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a weekly window covers, around midnight in particular (2026-12-04 is a Friday). */
class SilenceTest {
  @ParameterizedTest(name = "{0} at {1}: {2}")
  @CsvSource({
    // Overnight: the window belongs to the day it starts on and ends the next morning.
    "Fri 22:00-06:00, 2026-12-04T21:59:00Z, false",
    "Fri 22:00-06:00, 2026-12-04T22:00:00Z, true",
    "Fri 22:00-06:00, 2026-12-05T05:59:00Z, true",
    "Fri 22:00-06:00, 2026-12-05T06:00:00Z, false",
    // … so Friday before 06:00 is Thursday night's, which this window does not have.
    "Fri 22:00-06:00, 2026-12-04T05:00:00Z, false",
    "Mon-Fri 22:00-06:00, 2026-12-05T05:00:00Z, true",
    "Mon-Fri 22:00-06:00, 2026-11-30T05:00:00Z, false",
    // 24:00 ends the window at midnight, and not a minute into the next day.
    "Fri 20:00-24:00, 2026-12-04T23:59:59Z, true",
    "Fri 20:00-24:00, 2026-12-05T00:00:00Z, false",
    "Fri 20:00-24:00, 2026-12-04T19:59:00Z, false",
    // The whole day.
    "Sat 00:00-24:00, 2026-12-05T00:00:00Z, true",
    "Sat 00:00-24:00, 2026-12-05T23:59:59Z, true",
    "Sat 00:00-24:00, 2026-12-06T00:00:00Z, false",
    "Sat 00:00-24:00, 2026-12-04T23:59:59Z, false",
    // In its own time zone: 22:00 in Berlin (UTC+1 in December) is 21:00 UTC.
    "Fri 22:00-24:00 Europe/Berlin, 2026-12-04T21:00:00Z, true",
    "Fri 22:00-24:00 Europe/Berlin, 2026-12-04T23:00:00Z, false",
  })
  void aWeeklyWindowCovers(String window, String at, boolean active) {
    assertThat(Silence.Weekly.parse(window).activeAt(Instant.parse(at))).isEqualTo(active);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Sun 24:00-02:00 | 24:00 can only end a window; a window from midnight starts at 00:00",
        "Sun 05:00-05:00 | a weekly window from 05:00 to 05:00 is empty: write the end (up to 24:00), or 00:00-24:00 for a whole day",
        "Sun 02:00-24:30 | \"24:30\" is not a time like 02:00",
      })
  void aWindowThatMeansNothingIsRefused(String window, String message) {
    assertThatThrownBy(() -> Silence.Weekly.parse(window))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
