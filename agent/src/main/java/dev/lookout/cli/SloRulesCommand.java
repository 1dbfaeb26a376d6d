package dev.lookout.cli;

import dev.lookout.config.Config;
import dev.lookout.slo.SloRules;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lookout slo-rules}: Prometheus rules for the config's SLOs, on stdout. */
@Command(
    name = "slo-rules",
    mixinStandardHelpOptions = true,
    description =
        "Print Prometheus recording and alerting rules for the SLOs in a config file, with the"
            + " agent's own burn windows and factors.")
final class SloRulesCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    Config c = config.load(System.err);
    if (c == null) {
      return ConfigOption.INVALID;
    }
    System.out.print(SloRules.render(c.targets()));
    return 0;
  }
}
