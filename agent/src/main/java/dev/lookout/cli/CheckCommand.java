package dev.lookout.cli;

import dev.lookout.config.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code lookout check}: validate only; exit 0 when valid (warnings printed), 2 with every error
 * listed.
 */
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
    // Warnings go with errors, on stderr; they never change the exit code.
    c.warnings().forEach(System.err::println);
    int warnings = c.warnings().size();
    System.out.println(
        config.resolve()
            + ": OK ("
            + c.targets().size()
            + (c.targets().size() == 1 ? " target" : " targets")
            + ", "
            + c.notifiers().size()
            + (c.notifiers().size() == 1 ? " notifier" : " notifiers")
            + (warnings == 0 ? "" : ", " + warnings + (warnings == 1 ? " warning" : " warnings"))
            + ")");
    return 0;
  }
}
