package dev.lookout.check.dns;

import dev.lookout.config.YamlSource;
import dev.lookout.probe.dns.DnsValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the records of one name from an octoDNS zone file ({@code zones/example.com.yaml}), so
 * teams that keep DNS as code do not declare it twice. The zone is the file name; keys are names
 * relative to it ({@code ''} is the apex); each holds one record or a list of them with {@code
 * type}, {@code value} or {@code values}, and {@code ttl} (octoDNS's default: 3600). Types the
 * {@code dns} check does not compare are skipped. Blocking: called while loading the config.
 */
final class OctoDnsZone {
  static final long DEFAULT_TTL = 3600;

  /** The declared values and TTLs per type. */
  record Records(Map<String, List<String>> values, Map<String, Long> ttls) {}

  private final Path file;

  private OctoDnsZone(Path file) {
    this.file = file;
  }

  /**
   * @param name the checked name, lower-case without the trailing dot
   * @throws IllegalArgumentException naming the zone file, line and column
   */
  static Records read(Path file, String name) {
    return new OctoDnsZone(file).records(name);
  }

  private Records records(String name) {
    String zone = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    zone = zone.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
    String relative;
    if (name.equals(zone)) {
      relative = "";
    } else if (name.endsWith("." + zone)) {
      relative = name.substring(0, name.length() - zone.length() - 1);
    } else {
      throw new IllegalArgumentException(
          name + " is not in the zone " + zone + " (taken from the file name " + file + ")");
    }
    Node root = parse();
    Map<String, List<String>> values = new LinkedHashMap<>();
    Map<String, Long> ttls = new LinkedHashMap<>();
    if (root instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        String key = scalar(t.getKeyNode(), "a record name");
        if (key.equalsIgnoreCase(relative)) {
          for (Node record :
              t.getValueNode() instanceof SequenceNode s
                  ? s.getValue()
                  : List.of(t.getValueNode())) {
            record(record, values, ttls);
          }
        }
      }
    } else if (root != null) {
      throw error(root, "a zone file must map record names to records");
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          file
              + " has no records for "
              + (relative.isEmpty() ? "the apex ('')" : "'" + relative + "'"));
    }
    return new Records(values, ttls);
  }

  private Node parse() {
    return YamlSource.composeFile(file, "zone file");
  }

  private void record(Node node, Map<String, List<String>> values, Map<String, Long> ttls) {
    Map<String, Node> f = fields(node);
    String type = scalar(require(f, "type", node), "type").toUpperCase(Locale.ROOT);
    if (!DnsValues.TYPES.contains(type)) {
      return;
    }
    List<Node> items = new ArrayList<>();
    if (f.get("values") instanceof SequenceNode s) {
      items.addAll(s.getValue());
    } else if (f.containsKey("values")) {
      items.add(f.get("values"));
    } else {
      items.add(require(f, "value", node));
    }
    List<String> out = values.computeIfAbsent(type, k -> new ArrayList<>());
    for (Node item : items) {
      try {
        out.add(DnsValues.normalize(type, text(type, item)));
      } catch (IllegalArgumentException e) {
        throw error(item, type + ": " + e.getMessage());
      }
    }
    long ttl = DEFAULT_TTL;
    if (f.containsKey("ttl")) {
      try {
        ttl = Long.parseLong(scalar(f.get("ttl"), "ttl"));
      } catch (NumberFormatException e) {
        throw error(f.get("ttl"), "ttl must be a number of seconds");
      }
    }
    ttls.put(type, ttl);
  }

  /** One value in the zone-file text {@link DnsValues#normalize} reads. */
  private String text(String type, Node item) {
    switch (type) {
      case "MX":
        Map<String, Node> mx = fields(item);
        Node pref = mx.containsKey("preference") ? mx.get("preference") : mx.get("priority");
        Node host = mx.containsKey("exchange") ? mx.get("exchange") : mx.get("value");
        if (pref == null || host == null) {
          throw error(item, "an MX value needs preference and exchange");
        }
        return scalar(pref, "preference") + " " + scalar(host, "exchange");
      case "SRV":
        Map<String, Node> srv = fields(item);
        return scalar(require(srv, "priority", item), "priority")
            + " "
            + scalar(require(srv, "weight", item), "weight")
            + " "
            + scalar(require(srv, "port", item), "port")
            + " "
            + scalar(require(srv, "target", item), "target");
      case "CAA":
        Map<String, Node> caa = fields(item);
        String flags = caa.containsKey("flags") ? scalar(caa.get("flags"), "flags") : "0";
        return flags
            + " "
            + scalar(require(caa, "tag", item), "tag")
            + " \""
            + scalar(require(caa, "value", item), "value")
            + "\"";
      case "TXT":
        // octoDNS escapes semicolons in TXT values ("v=DKIM1\; k=rsa").
        return scalar(item, "value").replace("\\;", ";");
      default:
        return scalar(item, "value");
    }
  }

  private Map<String, Node> fields(Node node) {
    if (!(node instanceof MappingNode m)) {
      throw error(node, "expected a mapping of keys to values");
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      out.put(scalar(t.getKeyNode(), "a key"), t.getValueNode());
    }
    return out;
  }

  private Node require(Map<String, Node> f, String key, Node at) {
    Node n = f.get(key);
    if (n == null) {
      throw error(at, "missing \"" + key + "\"");
    }
    return n;
  }

  private String scalar(Node node, String what) {
    if (!(node instanceof ScalarNode s)) {
      throw error(node, what + " must be a single value");
    }
    return s.getValue();
  }

  private IllegalArgumentException error(Node at, String message) {
    return new IllegalArgumentException(
        file
            + ":"
            + (at.getStartMark().getLine() + 1)
            + ":"
            + (at.getStartMark().getColumn() + 1)
            + ": "
            + message);
  }
}
