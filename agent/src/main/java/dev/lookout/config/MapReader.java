package dev.lookout.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one YAML mapping key by key. Every key a caller asks for is remembered, so {@link
 * #finish()} can reject the keys nobody asked for, with a "did you mean" hint among the known ones.
 * Problems go to the shared {@link ConfigReader}; getters return the default (or null) and carry
 * on, so one load reports every error at once.
 */
public final class MapReader {
  static final String FILE_SUFFIX = "_file";

  private final ConfigReader reader;
  private final Node node;
  private final String where;
  private final MappingKeys keys;

  MapReader(ConfigReader reader, Node node, String where) {
    this.reader = reader;
    this.node = node;
    this.where = where;
    this.keys = new MappingKeys(reader, node, place());
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
  }

  ConfigReader reader() {
    return reader;
  }

  Node node() {
    return node;
  }

  /** The path of this mapping as errors name it; empty at the top level. */
  public String where() {
    return where;
  }

  /** Whether the key is given with a value (not absent, not null); marks it as known. */
  public boolean has(String key) {
    NodeTuple t = keys.ask(key);
    return t != null && !isNull(t.getValueNode());
  }

  /** The value node of a key, or null when absent; marks the key as known either way. */
  Node node(String key) {
    NodeTuple t = keys.ask(key);
    return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
  }

  /** The node of the key itself, for errors about the key rather than its value. */
  Node keyNode(String key) {
    NodeTuple t = keys.written(key);
    return t == null ? node : t.getKeyNode();
  }

  /** The keys written in this mapping, in file order, asked for or not. */
  public Set<String> presentKeys() {
    return keys.present();
  }

  /** The text of a key (after {@code ${VAR}} interpolation), or null when absent. */
  public String string(String key) {
    Node n = node(key);
    return n == null ? null : reader.text(n, describe(key));
  }

  /** The text of a key, or {@code fallback} when absent. */
  public String string(String key, String fallback) {
    String s = string(key);
    return s == null ? fallback : s;
  }

  /** The text of a key, or null with a "needs" error when absent. */
  public String required(String key) {
    Node n = node(key);
    if (n == null) {
      reader.error(node, place() + " needs \"" + key + "\"");
      return null;
    }
    return reader.text(n, describe(key));
  }

  /**
   * An absolute http:// or https:// URL with a host, or null (with an error). {@code echo} repeats
   * the text in errors; turn it off where the URL may carry credentials.
   */
  public java.net.URI httpUrl(String key, boolean echo) {
    return WireValues.httpUrl(this, key, echo);
  }

  /** A secret given inline (normally as {@code ${VAR}}) or as {@code KEY_file: /path}. */
  public String secret(String key) {
    String inline = string(key);
    Node fileNode = node(key + FILE_SUFFIX);
    if (fileNode == null) {
      return inline;
    }
    if (inline != null) {
      reader.error(
          fileNode, describe(key) + " is given twice: use either " + key + " or " + key + "_file");
      return inline;
    }
    String path = reader.text(fileNode, describe(key + FILE_SUFFIX));
    return path == null ? null : reader.readSecretFile(fileNode, describe(key + FILE_SUFFIX), path);
  }

  /**
   * A value written into a protocol line (an SMTP command, a mail header), or null; a value that
   * would break the line is an error at the value (see {@link WireText}) and reads as null. The
   * value is not echoed: it may be a secret.
   */
  public String line(String key) {
    return WireValues.onOneLine(this, key, string(key));
  }

  /** {@link #secret} held to the rule of {@link #line}. */
  public String secretLine(String key) {
    return WireValues.onOneLine(this, key, secret(key));
  }

  /** {@link #line}, and without spaces: a host name. */
  public String word(String key) {
    return WireValues.word(this, key);
  }

  /**
   * Request headers: names must be tokens, values one line (see {@link WireText}). A value is given
   * inline (normally {@code ${VAR}}) or read from a file with {@code Name_file: /path}, the way
   * Docker secrets and systemd credentials hand it over. Values are never echoed in errors.
   */
  public Map<String, String> headers(String key) {
    return WireValues.headers(this, key);
  }

  /**
   * The text of a key turned into a value by {@code parser}, or {@code fallback} when absent. An
   * {@link IllegalArgumentException} from the parser becomes an error at the value, its message
   * after the key's path ({@code target "api".http.ip: "5" is not one of any, ipv4, ipv6}).
   */
  public <T> T parsed(String key, T fallback, Function<String, T> parser) {
    Node n = node(key);
    if (n == null) {
      return fallback;
    }
    String text = reader.text(n, describe(key));
    if (text == null) {
      return fallback;
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      reader.error(n, describe(key) + ": " + e.getMessage());
      return fallback;
    }
  }

  /** A duration ({@code 250ms}, {@code 10s}, {@code 1h30m}; see {@link Durations}). */
  public Duration duration(String key, Duration fallback) {
    return parsed(key, fallback, Durations::parse);
  }

  /** A {@link #duration} longer than zero. */
  public Duration positiveDuration(String key, Duration fallback) {
    Duration d = duration(key, fallback);
    if (d != null && (d.isZero() || d.isNegative())) {
      reader.error(node(key), describe(key) + " must be longer than zero");
      return fallback;
    }
    return d;
  }

  /** A byte size ({@code 64KiB}, {@code 1MiB}; see {@link Sizes}). */
  public Long size(String key, Long fallback) {
    return parsed(key, fallback, Sizes::parse);
  }

  /** A whole number from {@code min} to {@code max}. */
  public Integer integer(String key, Integer fallback, int min, int max) {
    return parsed(key, fallback, ScalarParsers.wholeNumber(min, max));
  }

  /** A number, whole or not. */
  public Double decimal(String key, Double fallback) {
    return parsed(key, fallback, ScalarParsers::number);
  }

  /** {@code true} or {@code false}. */
  public Boolean bool(String key, Boolean fallback) {
    return parsed(key, fallback, ScalarParsers::trueOrFalse);
  }

  /** A list of values; a single value is accepted as a list of one. */
  public List<String> strings(String key) {
    return list(key, " item", Function.identity());
  }

  /**
   * A list of values, each turned into an item by {@code parser}; a single value is accepted as a
   * list of one, absent is empty. An {@link IllegalArgumentException} from the parser becomes an
   * error at that item ({@code target "apex".expect.A: "example.org" is not an IPv4 address}) and
   * the item is left out, so every bad item is reported.
   */
  public <T> List<T> list(String key, Function<String, T> parser) {
    return list(key, "", parser);
  }

  private <T> List<T> list(String key, String what, Function<String, T> parser) {
    Node n = node(key);
    List<T> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    for (Node item : items(n)) {
      String s = reader.text(item, describe(key) + what);
      if (s == null) {
        continue;
      }
      try {
        out.add(parser.apply(s));
      } catch (IllegalArgumentException e) {
        reader.error(item, describe(key) + ": " + e.getMessage());
      }
    }
    return out;
  }

  /**
   * One of a closed set of words ({@code ip: ipv4}, {@code fail_on: warn}), or {@code fallback}
   * when absent; anything else is an error that lists the choices.
   */
  public <T> T choice(String key, T fallback, Choices<T> choices) {
    return parsed(key, fallback, choices::parse);
  }

  /**
   * An HTTP method, upper-cased, or {@code GET} when absent; one outside {@code allowed} is an
   * error that lists them (the method is written into the request line, so it is never free text).
   */
  public String method(String key, List<String> allowed) {
    return WireValues.method(this, key, allowed);
  }

  /**
   * A file path (such as {@code ca_file}) resolved against the config file's directory, or null
   * when absent. Whether the file can be read is the user's concern at run time, not at load.
   */
  public java.nio.file.Path path(String key) {
    String text = string(key);
    return text == null ? null : reader.resolvePath(text);
  }

  /**
   * A list of IP addresses, each with an optional port ({@code 9.9.9.9}, {@code 127.0.0.1:5353},
   * {@code [2620:fe::fe]:53}); names are refused, since resolving them would need the resolver
   * being configured. Absent is empty.
   */
  public List<HostPort> ipAddresses(String key, int defaultPort) {
    return list(key, ScalarParsers.ipAddress(defaultPort));
  }

  /** Whether the key's value is a mapping, to be read with {@link #map}. */
  public boolean isMap(String key) {
    return node(key) instanceof MappingNode;
  }

  /**
   * Whether the key's value is the single word {@code word} as written (before interpolation), such
   * as {@code addresses: all} where a list is otherwise expected.
   */
  public boolean isWord(String key, String word) {
    return node(key) instanceof ScalarNode s && s.getValue().trim().equals(word);
  }

  /** Records an error at the key's value, or at this mapping when the key is absent. */
  public void error(String key, String message) {
    Node at = node(key);
    reader.error(at == null ? node : at, message);
  }

  /** Records an error at the key itself (for a key that must go, rather than a bad value). */
  public void errorAtKey(String key, String message) {
    reader.error(keyNode(key), message);
  }

  /** Records an error at this mapping (for something missing from it). */
  public void error(String message) {
    reader.error(node, message);
  }

  /** The nodes of a list value, or the single node when a single value is given. */
  List<Node> items(Node n) {
    if (n instanceof SequenceNode seq) {
      return seq.getValue();
    }
    return List.of(n);
  }

  /** A mapping of names to single values, in file order; absent is empty. */
  public Map<String, String> stringMap(String key) {
    MapReader m = map(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (m == null) {
      return out;
    }
    for (String k : m.presentKeys()) {
      String v = m.string(k);
      if (v != null) {
        out.put(k, v);
      }
    }
    return out;
  }

  /** A nested mapping, or null when the key is absent. */
  public MapReader map(String key) {
    Node n = node(key);
    return n == null ? null : new MapReader(reader, n, describe(key));
  }

  /**
   * A list of mappings ({@code steps:}), each read by its own reader named {@code key[i]}; a single
   * mapping is a list of one, absent is empty.
   */
  public List<MapReader> maps(String key) {
    Node n = node(key);
    List<MapReader> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    int i = 0;
    for (Node item : items(n)) {
      out.add(new MapReader(reader, item, describe(key) + "[" + i++ + "]"));
    }
    return out;
  }

  /** A nested mapping, or an empty one (named as the key) when the key is absent. */
  public MapReader mapOrEmpty(String key) {
    return new MapReader(reader, node(key), describe(key));
  }

  /** Rejects keys nobody asked for, suggesting the nearest known key. */
  public void finish() {
    keys.rejectUnknown(reader, place());
  }

  /** The path of a key as errors name it: {@code target "api".http.url}. */
  public String describe(String key) {
    return where.isEmpty() ? key : where + "." + key;
  }

  private String place() {
    return where.isEmpty() ? "the top level" : where;
  }
}
