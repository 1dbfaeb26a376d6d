package dev.lookout.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files that load and run, but say something that is probably not meant. */
class ConfigWarningsTest {
  private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

  private List<String> warnings(String yaml) throws ConfigException {
    return loader.parse("lookout.yaml", Path.of("."), yaml).warnings().stream()
        .map(ConfigWarning::toString)
        .toList();
  }

  @Test
  void aTimeoutLongerThanTheIntervalWarnsAtTheTimeout() throws Exception {
    assertThat(
            warnings(
                """
                targets:
                  - name: api
                    http: {url: "http://127.0.0.1:1/"}
                    interval: 10s
                    timeout: 30s
                """))
        .containsExactly(
            "lookout.yaml:5:14: warning: target \"api\": timeout 30 s is longer than the interval"
                + " 10 s: a probe that runs into its timeout makes the next start skip"
                + " (lookout_probes_skipped_total); shorten the timeout or lengthen the interval");
  }

  @Test
  void aShortIntervalUnderTheDefaultTimeoutWarnsAtTheInterval() throws Exception {
    assertThat(
            warnings(
                """
                targets:
                  - {name: api, http: {url: "http://127.0.0.1:1/"}, interval: 5s}
                """))
        .singleElement()
        .asString()
        .startsWith("lookout.yaml:2:63: warning: target \"api\": timeout 10 s is longer than")
        .contains("interval 5 s");
  }

  @Test
  void defaultsThatDisagreeWarnOnceNotForEveryTarget() throws Exception {
    assertThat(
            warnings(
                """
                defaults: {interval: 1s, timeout: 2s}
                targets:
                  - {name: a, http: {url: "http://127.0.0.1:1/"}}
                  - {name: b, http: {url: "http://127.0.0.1:1/"}}
                """))
        .singleElement()
        .asString()
        .startsWith(
            "lookout.yaml:1:35: warning: defaults: timeout 2 s is longer than the interval 1 s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{interval: 10s, timeout: 10s}", "{interval: 1m, timeout: 5s}", "{}"})
  void aTimeoutWithinTheIntervalSaysNothing(String times) throws Exception {
    assertThat(
            warnings(
                "targets:\n  - {name: a, http: {url: \"http://127.0.0.1:1/\"}, "
                    + times.substring(1, times.length() - 1)
                    + "}\n"))
        .isEmpty();
  }

  @Test
  void aWarningNeverStopsTheConfigFromLoading() throws Exception {
    Config c =
        loader.parse(
            "lookout.yaml",
            Path.of("."),
            "targets:\n  - {name: a, http: {url: \"http://127.0.0.1:1/\"}, interval: 1s, timeout: 5s}\n");
    assertThat(c.targets()).hasSize(1);
    assertThat(c.warnings()).hasSize(1);
  }
}
