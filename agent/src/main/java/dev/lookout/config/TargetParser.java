package dev.lookout.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code targets:} list: each target's name (unique), its one check (through {@link
 * CheckParsers}), its timing, alert policy, labels, SLOs and impact, over the file's defaults.
 */
final class TargetParser {
  private final ConfigReader reader;
  private final AgentSettings agent;
  private final Defaults defaults;
  private final AlertPolicyParser alerts;
  private final LoadWarnings warnings;

  /** {@code agent} is read first: some checks' rules depend on where the agent listens. */
  TargetParser(
      ConfigReader reader,
      AgentSettings agent,
      Defaults defaults,
      AlertPolicyParser alerts,
      LoadWarnings warnings) {
    this.reader = reader;
    this.agent = agent;
    this.defaults = defaults;
    this.alerts = alerts;
    this.warnings = warnings;
  }

  List<Target> targets(MapReader root) {
    Node node = root.node("targets");
    List<Target> out = new ArrayList<>();
    if (node == null) {
      reader.error(root.node(), "the file needs a \"targets:\" list (what should Lookout watch?)");
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
      Target t = target(new MapReader(reader, item, where), seen);
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  /** One target, or null when it cannot be made; {@code seen} holds the names read before it. */
  private Target target(MapReader m, Map<String, Node> seen) {
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
    Duration interval = m.positiveDuration("interval", defaultInterval(check));
    if (check != null) {
      safeOnListener(m, check);
    }
    Duration timeout = m.positiveDuration("timeout", defaults.timeout());
    Duration window = m.positiveDuration("window", defaults.window());
    AlertPolicy alert = alerts.alert(m.map("alert"), defaults.alert(), true);
    Map<String, String> labels = m.stringMap("labels");
    SloPolicy slo = SloParser.target(m.map("slo"), defaults.slo());
    Impact impact = m.choice("impact", null, Impact.CHOICES);
    m.finish();
    if (name == null || check == null) {
      return null;
    }
    if (m.has("timeout") || m.has("interval")) {
      // Inherited from both defaults, it was said once already, at the defaults.
      warnings.timeoutBeyondInterval(m, "target \"" + name + "\"", interval, timeout);
    }
    return new Target(name, check, interval, timeout, window, alert, labels, slo, impact);
  }

  /** A check that must not run while {@code agent.listen} is open beyond loopback is an error. */
  private void safeOnListener(MapReader m, CheckSpec check) {
    if (agent == null || agent.listen().loopback()) {
      return;
    }
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

  /** {@code defaults.interval}, or the check's own default when that is shorter. */
  private Duration defaultInterval(CheckSpec check) {
    Duration own = check == null ? null : check.defaultInterval();
    return own != null && own.compareTo(defaults.interval()) < 0 ? own : defaults.interval();
  }

  /** The target's name, read ahead so every error about the target can say which one it is. */
  private static String peekName(Node item) {
    if (item instanceof MappingNode mapping) {
      for (var tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k
            && k.getValue().equals("name")
            && tuple.getValueNode() instanceof ScalarNode v
            && !v.getValue().isBlank()) {
          return v.getValue();
        }
      }
    }
    return null;
  }

  /** The target's one check and its {@code expect:} block, or null (with an error). */
  private CheckSpec check(MapReader m) {
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
