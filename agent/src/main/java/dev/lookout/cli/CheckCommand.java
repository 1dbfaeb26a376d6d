package dev.lookout.cli;

import dev.lookout.config.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lookout check}: validate only; exit 0 when valid, 2 with every error listed. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Validate a config file: exit 0 if valid, 2 with every error listed.")
final class CheckCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    Config c = config.load(System.err);
    if (c == null) {
      return ConfigOption.INVALID;
    }
    System.out.println(
        config.resolve()
            + ": OK ("
            + c.targets().size()
            + (c.targets().size() == 1 ? " target" : " targets")
            + ", "
            + c.notifiers().size()
            + " notifiers)");
    return 0;
  }
}
