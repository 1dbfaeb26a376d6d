package dev.lookout.check.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import dev.lookout.testing.TestTargets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The loader's rules for heartbeat targets that depend on the rest of the config. */
class HeartbeatConfigTest {

  @ParameterizedTest(name = "{0} / {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // no interval of its own: min(grace, 30s), or defaults.interval when that is shorter
        "{every: 24h, grace: 30m}| |30s",
        "{every: 1m, grace: 10s}| |10s",
        "{every: 1m, grace: 0s}| |1s",
        "{every: 24h, grace: 30m}|defaults: {interval: 5s}|5s",
        "{every: 24h, grace: 30m}|defaults: {interval: 5m}|30s",
        // the target's own interval wins
        "{every: 24h, grace: 30m}|interval: 2m|2m",
      })
  void theEvaluationIntervalDefaultsToTheShorterOfGraceAnd30s(
      String block, String extra, String expected) {
    String defaults = extra != null && extra.startsWith("defaults:") ? extra + "\n" : "";
    String own = extra != null && extra.startsWith("interval:") ? "    " + extra + "\n" : "";
    Target t =
        TestTargets.targets(
                "agent: {listen: \"127.0.0.1:9464\"}\n"
                    + defaults
                    + "targets:\n  - name: job\n    heartbeat: "
                    + block
                    + "\n"
                    + own)
            .get(0);
    assertThat(t.interval()).isEqualTo(Duration.parse("PT" + expected.toUpperCase()));
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1:9464", "'[::1]:9464'", "localhost:9464", "127.0.0.53:0"})
  void aLoopbackListenerTakesPingsWithoutAToken(String listen) {
    Target t =
        TestTargets.targets(
                "agent: {listen: \""
                    + listen
                    + "\"}\ntargets:\n  - {name: job, heartbeat: {every: 1m, grace: 30s}}\n")
            .get(0);
    assertThat(((HeartbeatCheck) t.check()).token()).isNull();
  }

  @ParameterizedTest
  @CsvSource({"0.0.0.0:9464", "':9464'", "'[::]:9464'", "10.0.0.5:9464", "lookout.internal:9464"})
  void anOpenListenerNeedsATokenOnEveryHeartbeat(String listen) {
    String yaml =
        "agent: {listen: \""
            + listen
            + "\"}\ntargets:\n"
            + "  - {name: job, heartbeat: {every: 1m, grace: 30s}}\n"
            + "  - {name: guarded, heartbeat: {every: 1m, grace: 30s, token: s3cret}}\n";
    assertThatThrownBy(() -> new ConfigLoader(k -> null).parse("t.yaml", Path.of("."), yaml))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.errors()).hasSize(1);
              assertThat(e.getMessage())
                  .contains("t.yaml:3:")
                  .contains("target \"job\".heartbeat: agent.listen ")
                  .contains("is not loopback")
                  .contains("set token (or token_file)")
                  .doesNotContain("s3cret");
            });
  }
}
