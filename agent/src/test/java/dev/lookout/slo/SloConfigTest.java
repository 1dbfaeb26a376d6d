package dev.lookout.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.SloPolicy;
import dev.lookout.config.Target;
import dev.lookout.testing.TestTargets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code slo:} block: defaults merged key by key, and one exact error per broken file. */
class SloConfigTest {
  @Test
  void aTargetReadsItsSloOnTopOfTheDefaults() {
    List<Target> targets =
        TestTargets.targets(
            """
            defaults:
              slo: {availability: 99.5%, window: 7d}
            targets:
              - name: checkout
                http: {url: "http://127.0.0.1/"}
                slo:
                  availability: 99.9%
                  latency: {below: 800ms, objective: 99%}
              - name: plain
                http: {url: "http://127.0.0.1/"}
            """);
    SloPolicy checkout = targets.get(0).slo();
    assertThat(checkout.availability()).isEqualTo(0.999);
    assertThat(checkout.latency()).isEqualTo(new SloPolicy.Latency(Duration.ofMillis(800), 0.99));
    assertThat(checkout.window()).isEqualTo(Duration.ofDays(7));
    assertThat(checkout.burnAlerts()).isTrue();
    assertThat(targets.get(1).slo())
        .isEqualTo(new SloPolicy(0.995, null, Duration.ofDays(7), true));
  }

  @Test
  void withoutAnySloATargetHasNone() {
    assertThat(TestTargets.target("name: a\nhttp: {url: \"http://127.0.0.1/\"}").slo()).isNull();
  }
}
