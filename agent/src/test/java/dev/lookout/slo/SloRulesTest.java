package dev.lookout.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.testing.TestTargets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lookout slo-rules}: the agent's windows and factors, and rules promtool accepts. */
class SloRulesTest {
  @TempDir Path dir;

  static final String CONFIG =
      """
      defaults:
        slo: {availability: 99.5%}
      targets:
        - name: checkout
          http: {url: "http://127.0.0.1/"}
          slo:
            availability: 99.9%
            latency: {below: 800ms, objective: 99%}
        - name: quiet
          http: {url: "http://127.0.0.1/"}
          slo: {burn_alerts: false}
      """;

  @Test
  void theRulesUseTheAgentsWindowsFactorsAndMinimumOfBadProbes() {
    String rules = SloRules.render(TestTargets.config(CONFIG).targets());
    // page: 14.4 × 0.1 % over 1 h and 5 min, with at least two bad probes in the 5 minutes
    assertThat(rules)
        .contains(
            "(lookout_slo:error_ratio:rate1h{target=\"checkout\", slo=\"availability\"} >= 0.0144000"
                + " and lookout_slo:error_ratio:rate5m{target=\"checkout\", slo=\"availability\"} >="
                + " 0.0144000 and lookout_slo:bad_events:increase5m{target=\"checkout\","
                + " slo=\"availability\"} >= 2)")
        .contains("rate3d{target=\"checkout\", slo=\"latency\"} >= 0.0100000")
        .doesNotContain("target=\"quiet\"");
    assertThat(rules.split("- alert: ", -1)).hasSize(1 + 4);
  }

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    boolean present = new ProcessBuilder("sh", "-c", "command -v promtool").start().waitFor() == 0;
    Assumptions.assumeTrue(
        present, "promtool is not installed: skipping `promtool check rules` (CI installs it)");
    Path file = dir.resolve("slo-rules.yml");
    Files.writeString(file, SloRules.render(TestTargets.config(CONFIG).targets()));
    Process p =
        new ProcessBuilder("promtool", "check", "rules", file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SUCCESS: 18 rules found");
  }
}
