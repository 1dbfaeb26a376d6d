package dev.lookout.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyTrailTest {
  @Test
  void keepsTheLatestSamplesOldestFirstAcrossTheRingsWrap() {
    LatencyWindow w = new LatencyWindow(Duration.ofSeconds(10));
    for (int i = 0; i < 30; i++) {
      w.add(i * 1_000_000_000L, i / 1000.0); // the window keeps the last 11 (seconds 19..29)
    }
    LatencyTrail t = w.trail(4);
    assertThat(t.size()).isEqualTo(4);
    assertThat(t.seconds(0)).isEqualTo(0.026f);
    assertThat(t.seconds(3)).isEqualTo(0.029f);
    assertThat(t.max()).isEqualTo(0.029f);
    assertThat(w.trail(40).size()).isEqualTo(11);
    assertThat(new LatencyWindow(Duration.ofSeconds(1)).trail(40)).isSameAs(LatencyTrail.EMPTY);
  }
}
