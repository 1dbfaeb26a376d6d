package dev.lookout.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads an {@code alert:} block, of {@code defaults} or of a target, over the policy it refines.
 */
final class AlertPolicyParser {
  private final ConfigReader reader;
  private final Map<String, NotifierConfig> notifiers;

  AlertPolicyParser(ConfigReader reader, Map<String, NotifierConfig> notifiers) {
    this.reader = reader;
    this.notifiers = notifiers;
  }

  /**
   * The policy {@code m} writes over {@code base} ({@code base} itself when absent); {@code own}
   * for a target's block, whose {@code notify} then counts as the target's own choice.
   */
  AlertPolicy alert(MapReader m, AlertPolicy base, boolean own) {
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
      notify = notify(m, notifyNode);
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

  /** The notifier names of {@code notify}; each must name a configured notifier. */
  private List<String> notify(MapReader m, Node notifyNode) {
    List<String> notify = m.strings("notify");
    for (Node item : m.items(notifyNode)) {
      String name = reader.text(item, m.describe("notify"));
      if (name != null && !NotifierConfig.nameable(notifiers).contains(name)) {
        reader.error(item, RouteParser.unknown(m.describe("notify"), name, notifiers));
      }
    }
    return notify;
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
}
