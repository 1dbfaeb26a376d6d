package dev.lookout.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads {@code lookout.yaml} into an immutable {@link Config}. Blocking (it reads files): call it
 * from the CLI thread or a worker, never from an event loop.
 */
public final class ConfigLoader {
  /** The longest {@code agent.start_grid}: a start moves by at most half of it. */
  private static final Duration MAX_START_GRID = Duration.ofSeconds(1);

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

  /** One pass over the top-level sections; keeps the loader free of per-section state. */
  private static final class Sections {
    private final ConfigReader reader;
    private final List<ConfigWarning> warnings = new ArrayList<>();

    Sections(ConfigReader reader) {
      this.reader = reader;
    }

    /** The agent block, read first: some targets' rules depend on where the agent listens. */
    private AgentSettings agent;

    Config config(MapReader root) {
      AgentSettings agent = agent(root.map("agent"));
      this.agent = agent;
      Map<String, NotifierConfig> notifiers = notifiers(root.map("notifiers"));
      Defaults defaults = defaults(root.map("defaults"), notifiers);
      List<Target> targets = targets(root, defaults, notifiers);
      List<AlertRoute> routes = RouteParser.routes(reader, root.map("alert"), notifiers, agent);
      Handover handover = Handover.parse(root.map("handover"));
      root.finish();
      return new Config(
          reader.file(), agent, defaults, notifiers, targets, warnings, routes, handover);
    }

    AgentSettings agent(MapReader m) {
      if (m == null) {
        return new AgentSettings(
            AgentSettings.DEFAULT_LISTEN,
            Path.of("/var/lib/lookout"),
            Map.of(),
            Shard.ALL,
            1024,
            null,
            null,
            null,
            AgentSettings.DEFAULT_START_GRID);
      }
      HostPort listen =
          m.parsed("listen", AgentSettings.DEFAULT_LISTEN, s -> HostPort.parse(s, 9464));
      Path stateDir = m.parsed("state_dir", Path.of("/var/lib/lookout"), reader::resolvePath);
      Map<String, String> labels = m.stringMap("labels");
      for (String key : labels.keySet()) {
        if (!key.matches("[a-zA-Z_][a-zA-Z0-9_]*")
            || key.startsWith("__")
            || key.equals("target")) {
          reader.error(
              m.node("labels"),
              m.describe("labels") + ": \"" + key + "\" is not a usable Prometheus label name");
        }
      }
      Shard shard = m.parsed("shard", Shard.ALL, Shard::parse);
      int maxInFlight = m.integer("max_in_flight", 1024, 1, 1_000_000);
      Duration startGrid = m.duration("start_grid", AgentSettings.DEFAULT_START_GRID);
      if (startGrid != null
          && (startGrid.isNegative() || startGrid.compareTo(MAX_START_GRID) > 0)) {
        m.error(
            "start_grid",
            m.describe("start_grid")
                + " must be between 0s (every start at its exact time) and "
                + MAX_START_GRID.toMillis()
                + "ms");
        startGrid = AgentSettings.DEFAULT_START_GRID;
      }
      StatusAuth auth = auth(m.map("auth"));
      java.net.URI publicUrl = m.has("public_url") ? m.httpUrl("public_url", true) : null;
      String ackSecret = m.secret("ack_secret");
      if (ackSecret != null && publicUrl == null) {
        m.error(
            "ack_secret",
            m.describe("ack_secret")
                + " signs the ack links in notifications, which need agent.public_url: set it"
                + " to the address people reach this agent at");
      }
      if (ackSecret != null && ackSecret.length() < 16) {
        m.error(
            "ack_secret",
            m.describe("ack_secret")
                + " is too short to sign links: use at least 16 characters (openssl rand -hex"
                + " 32)");
      }
      m.finish();
      return new AgentSettings(
          listen, stateDir, labels, shard, maxInFlight, auth, publicUrl, ackSecret, startGrid);
    }

    /** {@code agent.auth}: a bearer token, or a username and password, secrets via env or file. */
    StatusAuth auth(MapReader m) {
      if (m == null) {
        return null;
      }
      String token = m.secret("bearer_token");
      String username = m.string("username");
      String password = m.secret("password");
      m.finish();
      try {
        return new StatusAuth(token, username, password);
      } catch (IllegalArgumentException e) {
        reader.error(m.node(), m.where() + ": " + e.getMessage());
        return null;
      }
    }

    Map<String, NotifierConfig> notifiers(MapReader m) {
      return NotifierParser.notifiers(reader, m);
    }

    Defaults defaults(MapReader m, Map<String, NotifierConfig> notifiers) {
      AlertPolicy base = AlertPolicy.defaults();
      base =
          new AlertPolicy(
              base.after(),
              base.resolveAfter(),
              base.repeat(),
              base.groupWait(),
              defaultNotify(notifiers),
              base.severity());
      if (m == null) {
        return new Defaults(Defaults.INTERVAL, Defaults.TIMEOUT, Defaults.WINDOW, base);
      }
      Duration interval = m.positiveDuration("interval", Defaults.INTERVAL);
      Duration timeout = m.positiveDuration("timeout", Defaults.TIMEOUT);
      Duration window = m.positiveDuration("window", Defaults.WINDOW);
      AlertPolicy alert = alert(m.map("alert"), base, notifiers, false);
      SloPolicy slo = SloParser.defaults(m.map("slo"));
      m.finish();
      timeoutBeyondInterval(m, "defaults", interval, timeout);
      return new Defaults(interval, timeout, window, alert, slo);
    }

    private static List<String> defaultNotify(Map<String, NotifierConfig> notifiers) {
      return NotifierConfig.nameable(notifiers);
    }

    AlertPolicy alert(
        MapReader m, AlertPolicy base, Map<String, NotifierConfig> notifiers, boolean own) {
      if (m == null) {
        return own ? withOwnNotify(base, false) : base;
      }
      int after = m.integer("after", base.after(), 1, 1000);
      int resolveAfter = m.integer("resolve_after", base.resolveAfter(), 1, 1000);
      Duration repeat = m.positiveDuration("repeat", base.repeat());
      Duration groupWait = m.duration("group_wait", base.groupWait());
      List<String> notify = base.notifierNames();
      Node notifyNode = m.node("notify");
      if (notifyNode != null) {
        notify = m.strings("notify");
        for (Node item : m.items(notifyNode)) {
          String name = reader.text(item, m.describe("notify"));
          if (name != null && !NotifierConfig.nameable(notifiers).contains(name)) {
            reader.error(item, RouteParser.unknown(m.describe("notify"), name, notifiers));
          }
        }
      }
      String severity = m.string("severity", base.severity());
      List<Silence> silences =
          m.has("silences") ? NotifierParser.silences(m, "silences") : base.silences();
      m.finish();
      return new AlertPolicy(
          after,
          resolveAfter,
          repeat,
          groupWait,
          notify,
          severity,
          silences,
          own && notifyNode != null);
    }

    private static AlertPolicy withOwnNotify(AlertPolicy p, boolean own) {
      return new AlertPolicy(
          p.after(),
          p.resolveAfter(),
          p.repeat(),
          p.groupWait(),
          p.notifierNames(),
          p.severity(),
          p.silences(),
          own);
    }

    List<Target> targets(MapReader root, Defaults defaults, Map<String, NotifierConfig> notifiers) {
      Node node = root.node("targets");
      List<Target> out = new ArrayList<>();
      if (node == null) {
        reader.error(
            root.node(), "the file needs a \"targets:\" list (what should Lookout watch?)");
        return out;
      }
      if (!(node instanceof SequenceNode seq)) {
        reader.error(node, "\"targets\" must be a list (each item starting with \"- name: …\")");
        return out;
      }
      Map<String, Node> seen = new HashMap<>();
      for (int i = 0; i < seq.getValue().size(); i++) {
        Node item = seq.getValue().get(i);
        String name = peekName(item);
        String where = name == null ? "targets[" + i + "]" : "target \"" + name + "\"";
        Target t = target(new MapReader(reader, item, where), defaults, notifiers, seen);
        if (t != null) {
          out.add(t);
        }
      }
      return out;
    }

    Target target(
        MapReader m,
        Defaults defaults,
        Map<String, NotifierConfig> notifiers,
        Map<String, Node> seen) {
      String name = m.required("name");
      if (name != null) {
        Node first = seen.putIfAbsent(name, m.node("name"));
        if (first != null) {
          reader.error(
              m.node("name"),
              "target name \""
                  + name
                  + "\" is used twice (first at line "
                  + (first.getStartMark().getLine() + 1)
                  + ")");
        }
      }
      CheckSpec check = check(m);
      Duration interval = m.positiveDuration("interval", defaultInterval(check, defaults));
      if (check != null && agent != null && !agent.listen().loopback()) {
        String unsafe = check.unsafeOnOpenListener();
        if (unsafe != null) {
          reader.error(
              m.keyNode(check.type()),
              m.where()
                  + "."
                  + check.type()
                  + ": agent.listen "
                  + agent.listen()
                  + " is not loopback, so "
                  + unsafe);
        }
      }
      Duration timeout = m.positiveDuration("timeout", defaults.timeout());
      Duration window = m.positiveDuration("window", defaults.window());
      AlertPolicy alert = alert(m.map("alert"), defaults.alert(), notifiers, true);
      Map<String, String> labels = m.stringMap("labels");
      SloPolicy slo = SloParser.target(m.map("slo"), defaults.slo());
      Impact impact = m.choice("impact", null, Impact.CHOICES);
      m.finish();
      if (name == null || check == null) {
        return null;
      }
      if (m.has("timeout") || m.has("interval")) {
        // Inherited from both defaults, it was said once already, at the defaults.
        timeoutBeyondInterval(m, "target \"" + name + "\"", interval, timeout);
      }
      return new Target(name, check, interval, timeout, window, alert, labels, slo, impact);
    }

    /** {@code defaults.interval}, or the check's own default when that is shorter. */
    private static Duration defaultInterval(CheckSpec check, Defaults defaults) {
      Duration own = check == null ? null : check.defaultInterval();
      return own != null && own.compareTo(defaults.interval()) < 0 ? own : defaults.interval();
    }

    /**
     * A target never overlaps itself, so a probe that runs until a timeout longer than the interval
     * makes the next planned starts skip: the target is probed less often than it says.
     */
    private void timeoutBeyondInterval(
        MapReader m, String where, Duration interval, Duration timeout) {
      if (timeout.compareTo(interval) <= 0) {
        return;
      }
      Node at = m.has("timeout") ? m.node("timeout") : m.node("interval");
      Mark mark = (at == null ? m.node() : at).getStartMark();
      warnings.add(
          new ConfigWarning(
              reader.file(),
              mark.getLine() + 1,
              mark.getColumn() + 1,
              where
                  + ": timeout "
                  + Durations.human(timeout)
                  + " is longer than the interval "
                  + Durations.human(interval)
                  + ": a probe that runs into its timeout makes the next start skip"
                  + " (lookout_probes_skipped_total); shorten the timeout or lengthen the"
                  + " interval"));
    }

    /** The target's name, read ahead so every error about the target can say which one it is. */
    private static String peekName(Node item) {
      if (item instanceof org.yaml.snakeyaml.nodes.MappingNode mapping) {
        for (var tuple : mapping.getValue()) {
          if (tuple.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k
              && k.getValue().equals("name")
              && tuple.getValueNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode v
              && !v.getValue().isBlank()) {
            return v.getValue();
          }
        }
      }
      return null;
    }

    CheckSpec check(MapReader m) {
      List<String> keys = new ArrayList<>();
      List<String> present = new ArrayList<>();
      CheckParser<?> parser = null;
      for (CheckParser<?> p : CheckParsers.registry().parsers()) {
        keys.add(p.key());
        if (m.has(p.key())) {
          present.add(p.key());
          parser = p;
        }
      }
      Node expectNode = m.node("expect");
      if (present.size() != 1) {
        reader.error(
            present.isEmpty() ? m.node() : m.keyNode(present.get(1)),
            m.where()
                + (present.isEmpty()
                    ? " has no check: add one of "
                    : " has more than one check (" + String.join(", ", present) + "): keep one of ")
                + String.join(", ", keys));
        return null;
      }
      String type = present.get(0);
      MapReader expect = new MapReader(reader, expectNode, m.where() + ".expect");
      return parser.parse(m.map(type), expect);
    }
  }
}
