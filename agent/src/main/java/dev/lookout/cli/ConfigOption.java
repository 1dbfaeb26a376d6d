package dev.lookout.cli;

import dev.lookout.config.Config;
import dev.lookout.config.ConfigError;
import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -c FILE} option shared by the subcommands, and the one way they load a config. */
final class ConfigOption {
  /** Exit code for an invalid config, as {@code lookout check} documents. */
  static final int INVALID = 2;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Config file (default: ./lookout.yaml, then /etc/lookout/lookout.yaml).")
  Path file;

  Path resolve() {
    if (file != null) {
      return file;
    }
    Path local = Path.of("lookout.yaml");
    return Files.exists(local) ? local : Path.of("/etc/lookout/lookout.yaml");
  }

  /** Loads the config, or prints every error to {@code err} and returns null. */
  Config load(PrintStream err) {
    try {
      return ConfigLoader.withSystemEnvironment().load(resolve());
    } catch (ConfigException e) {
      for (ConfigError error : e.errors()) {
        err.println(error);
      }
      err.println(
          e.errors().size() + (e.errors().size() == 1 ? " error" : " errors") + " in " + resolve());
      return null;
    }
  }
}
