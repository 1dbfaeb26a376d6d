package dev.lookout.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads {@code lookout.yaml} into an immutable {@link Config}. Blocking (it reads files): call it
 * from the CLI thread or a worker, never from an event loop.
 */
public final class ConfigLoader {
  private final Function<String, String> env;

  public ConfigLoader(Function<String, String> env) {
    this.env = env;
  }

  public static ConfigLoader withSystemEnvironment() {
    return new ConfigLoader(System::getenv);
  }

  /**
   * Reads and parses a config file. The file may hold at most 10 MiB, each line at most 64 KiB
   * characters (see {@code YamlSource}).
   */
  public Config load(Path file) throws ConfigException {
    String text;
    try {
      text = YamlSource.read(file, "config file");
    } catch (YamlSource.Problem p) {
      throw new ConfigException(
          List.of(new ConfigError(file.toString(), p.line, p.column, p.getMessage())));
    } catch (IOException e) {
      throw new ConfigException(
          List.of(
              new ConfigError(
                  file.toString(), 1, 1, "cannot read config file (" + ConfigReader.why(e) + ")")));
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(file.toString(), dir, text);
  }

  public Config parse(String name, Path baseDir, String text) throws ConfigException {
    ConfigReader reader = new ConfigReader(name, baseDir, env);
    Node root;
    try {
      root = YamlSource.compose(text, "config file");
    } catch (YamlSource.Problem p) {
      throw new ConfigException(List.of(new ConfigError(name, p.line, p.column, p.getMessage())));
    }
    if (root == null) {
      throw new ConfigException(
          List.of(
              new ConfigError(
                  name, 1, 1, "the file is empty: it needs at least a \"targets:\" list")));
    }
    Config config = new Sections(reader).config(new MapReader(reader, root, ""));
    List<ConfigError> errors = reader.errors();
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return config;
  }

  /**
   * One pass over the top-level sections; keeps the loader free of per-section state. The agent
   * block is read first: some targets' rules depend on where the agent listens.
   */
  private static final class Sections {
    private final ConfigReader reader;
    private final LoadWarnings warnings;

    Sections(ConfigReader reader) {
      this.reader = reader;
      this.warnings = new LoadWarnings(reader);
    }

    Config config(MapReader root) {
      AgentSettings agent = new AgentParser(reader).agent(root.map("agent"));
      Map<String, NotifierConfig> notifiers =
          NotifierParser.notifiers(reader, root.map("notifiers"));
      AlertPolicyParser alerts = new AlertPolicyParser(reader, notifiers);
      Defaults defaults = defaults(root.map("defaults"), notifiers, alerts);
      List<Target> targets =
          new TargetParser(reader, agent, defaults, alerts, warnings).targets(root);
      List<AlertRoute> routes = RouteParser.routes(reader, root.map("alert"), notifiers, agent);
      Handover handover = Handover.parse(root.map("handover"));
      root.finish();
      return new Config(
          reader.file(), agent, defaults, notifiers, targets, warnings.list(), routes, handover);
    }

    Defaults defaults(
        MapReader m, Map<String, NotifierConfig> notifiers, AlertPolicyParser alerts) {
      AlertPolicy base = AlertPolicy.defaults();
      base =
          new AlertPolicy(
              base.after(),
              base.resolveAfter(),
              base.repeat(),
              base.groupWait(),
              NotifierConfig.nameable(notifiers),
              base.severity());
      if (m == null) {
        return new Defaults(Defaults.INTERVAL, Defaults.TIMEOUT, Defaults.WINDOW, base);
      }
      Duration interval = m.positiveDuration("interval", Defaults.INTERVAL);
      Duration timeout = m.positiveDuration("timeout", Defaults.TIMEOUT);
      Duration window = m.positiveDuration("window", Defaults.WINDOW);
      AlertPolicy alert = alerts.alert(m.map("alert"), base, false);
      SloPolicy slo = SloParser.defaults(m.map("slo"));
      m.finish();
      warnings.timeoutBeyondInterval(m, "defaults", interval, timeout);
      return new Defaults(interval, timeout, window, alert, slo);
    }
  }
}
