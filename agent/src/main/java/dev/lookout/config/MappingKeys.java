package dev.lookout.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The keys of one YAML mapping: those written in it (in file order) and those a {@link MapReader}
 * asked for, so the keys nobody asked for can be rejected with a "did you mean" hint among the
 * known ones.
 */
final class MappingKeys {
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();

  /**
   * The keys of {@code node}, {@code place} naming it in errors: a key that is not a plain word, a
   * key written twice and a value that is no mapping at all are errors (a null value is an empty
   * mapping).
   */
  MappingKeys(ConfigReader reader, Node node, String place) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          reader.error(tuple.getKeyNode(), "keys in " + place + " must be plain words");
          continue;
        }
        NodeTuple first = entries.putIfAbsent(key.getValue(), tuple);
        if (first != null) {
          reader.error(
              key,
              "duplicate key \""
                  + key.getValue()
                  + "\" in "
                  + place
                  + " (first at line "
                  + (first.getKeyNode().getStartMark().getLine() + 1)
                  + ")");
        }
      }
    } else if (node != null && !MapReader.isNull(node)) {
      reader.error(
          node, place + " must be a mapping of keys to values, not a " + ConfigReader.kind(node));
    }
  }

  /** The entry of a key, or null when it is not written; marks the key as known either way. */
  NodeTuple ask(String key) {
    known.add(key);
    return entries.get(key);
  }

  /** The entry of a key, or null when it is not written; does not mark it as known. */
  NodeTuple written(String key) {
    return entries.get(key);
  }

  /** The keys written, in file order, asked for or not. */
  Set<String> present() {
    return entries.keySet();
  }

  /** Rejects keys nobody asked for, suggesting the nearest known key. */
  void rejectUnknown(ConfigReader reader, String place) {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (known.contains(e.getKey())) {
        continue;
      }
      String hint = Suggest.nearest(e.getKey(), known);
      reader.error(
          e.getValue().getKeyNode(),
          "unknown key \""
              + e.getKey()
              + "\" in "
              + place
              + (hint != null
                  ? " (did you mean \"" + hint + "\"?)"
                  : " (valid keys: " + String.join(", ", known) + ")"));
    }
  }
}
