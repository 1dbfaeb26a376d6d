package dev.lookout.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import dev.lookout.testing.TestTargets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code slo:} block: defaults merged key by key, and one exact error per broken file. */
class SloConfigTest {
  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        Arguments.of(
            "invalid-slo-availability.yaml",
            List.of(
                "invalid-slo-availability.yaml:4:25: target \"checkout\".slo.availability: \"101%\" must be above 0% and below 100% (100% would leave no error budget at all)")),
        Arguments.of(
            "invalid-slo-zero.yaml",
            List.of(
                "invalid-slo-zero.yaml:2:23: defaults.slo.availability: \"0%\" must be above 0% and below 100% (100% would leave no error budget at all)")),
        Arguments.of(
            "invalid-slo-latency.yaml",
            List.of(
                "invalid-slo-latency.yaml:5:24: target \"checkout\".slo.latency.below: \"0ms\" must be longer than zero")),
        Arguments.of(
            "invalid-slo-window.yaml",
            List.of(
                "invalid-slo-window.yaml:4:40: target \"checkout\".slo.window: \"30m\" is shorter than 1h, the shortest budget window")),
        Arguments.of(
            "invalid-slo-no-objective.yaml",
            List.of(
                "invalid-slo-no-objective.yaml:4:10: target \"checkout\".slo needs an objective: availability (like 99.9%) or latency (like {below: 800ms, objective: 99%})",
                "invalid-slo-no-objective.yaml:4:23: unknown key \"burn_alrts\" in target \"checkout\".slo (did you mean \"burn_alerts\"?)")));
  }

  @ParameterizedTest
  @MethodSource("brokenFiles")
  void aBrokenSloIsAConfigErrorAtItsValue(String file, List<String> errors) throws Exception {
    Path path = Path.of(getClass().getResource("/config/testdata/" + file).toURI());
    assertThatThrownBy(() -> new ConfigLoader(Map.<String, String>of()::get).load(path))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .extracting(
                        x ->
                            Path.of(x.file()).getFileName()
                                + ":"
                                + x.line()
                                + ":"
                                + x.column()
                                + ": "
                                + x.message())
                    .containsExactlyElementsOf(errors));
  }

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
