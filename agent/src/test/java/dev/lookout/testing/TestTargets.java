package dev.lookout.testing;

import dev.lookout.config.Config;
import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import java.nio.file.Path;
import java.util.List;

/** Builds targets the way users do, from YAML, so tests exercise the real config path. */
public final class TestTargets {
  private TestTargets() {}

  public static Config config(String yaml) {
    try {
      return new ConfigLoader(System::getenv).parse("test.yaml", Path.of("."), yaml);
    } catch (ConfigException e) {
      throw new AssertionError("test config is invalid:\n" + e.getMessage(), e);
    }
  }

  public static List<Target> targets(String yaml) {
    return config(yaml).targets();
  }

  /**
   * One target from the lines of a single list item, without the leading dash; each line is one
   * top-level key of the target (flow style for nested values).
   */
  public static Target target(String item) {
    StringBuilder yaml = new StringBuilder("targets:\n");
    String prefix = "  - ";
    for (String line : item.strip().split("\n")) {
      yaml.append(prefix).append(line.strip()).append('\n');
      prefix = "    ";
    }
    return targets(yaml.toString()).get(0);
  }
}
