package dev.lookout.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses one check block the way the loader would hand it to a check type, for the tests of a type
 * that is not wired into the loader yet: the YAML is a whole file, and the block under {@code key}
 * of the first target is read.
 */
public final class CheckBlocks {
  private CheckBlocks() {}

  /** What a parser made of a block, and every error the load recorded (as file:line:col: …). */
  public record Parsed<T>(T value, List<String> errors) {}

  private static String name(Node target) {
    return new MapReader(new ConfigReader("", Path.of("."), k -> null), target, "").string("name");
  }

  public static <T> Parsed<T> parse(
      String yaml, String key, Map<String, String> env, Path dir, Function<MapReader, T> parser)
      throws Exception {
    return parse("lookout.yaml", yaml, key, env, dir, parser);
  }

  public static <T> Parsed<T> parse(
      String file,
      String yaml,
      String key,
      Map<String, String> env,
      Path dir,
      Function<MapReader, T> parser)
      throws Exception {
    ConfigReader reader = new ConfigReader(file, dir, env::get);
    Node root = YamlSource.compose(yaml, "config file");
    MapReader top = new MapReader(reader, root, "");
    Node targets = top.node("targets");
    Node first = top.items(targets).get(0);
    MapReader target = new MapReader(reader, first, "target \"" + name(first) + "\"");
    MapReader block = target.map(key);
    T value = parser.apply(block);
    return new Parsed<T>(value, reader.errors().stream().map(ConfigError::toString).toList());
  }
}
