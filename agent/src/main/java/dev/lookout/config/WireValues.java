package dev.lookout.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@link MapReader}'s reads of values Lookout writes into a request or a protocol line: URLs,
 * request headers, HTTP methods, one-line values and host names, each held to the rule of {@link
 * WireText} at load, where the error can name the place.
 */
final class WireValues {
  private WireValues() {}

  /** See {@link MapReader#httpUrl}. */
  static URI httpUrl(MapReader m, String key, boolean echo) {
    String text = m.required(key);
    if (text == null) {
      return null;
    }
    String what = m.describe(key) + (echo ? ": \"" + text + "\"" : "");
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        m.reader().error(m.node(key), what + " must start with http:// or https://");
        return null;
      }
      if (uri.getHost() == null) {
        m.reader().error(m.node(key), what + " has no host");
        return null;
      }
      return uri;
    } catch (URISyntaxException ex) {
      m.reader().error(m.node(key), what + " is not a valid URL (" + ex.getReason() + ")");
      return null;
    }
  }

  /** See {@link MapReader#word}. */
  static String word(MapReader m, String key) {
    String value = m.string(key);
    String problem = value == null ? null : WireText.wordProblem(value);
    if (problem != null) {
      m.reader().error(m.node(key), m.describe(key) + " " + problem);
      return null;
    }
    return value;
  }

  /**
   * {@code value}, read from {@code key} (or {@code key_file}), or null with an error at the value
   * when it would break the line.
   */
  static String onOneLine(MapReader m, String key, String value) {
    String problem = value == null ? null : WireText.lineProblem(value);
    if (problem != null) {
      Node at = m.node(key) != null ? m.node(key) : m.node(key + MapReader.FILE_SUFFIX);
      m.reader().error(at, m.describe(key) + " " + problem);
      return null;
    }
    return value;
  }

  /** See {@link MapReader#headers}. */
  static Map<String, String> headers(MapReader m, String key) {
    MapReader h = m.map(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (h == null) {
      return out;
    }
    Set<String> done = new LinkedHashSet<>();
    for (String k : List.copyOf(h.presentKeys())) {
      String name = withoutFileSuffix(k);
      if (!done.add(name)) {
        continue;
      }
      String problem = WireText.tokenProblem(name);
      if (problem != null) {
        // both spellings count as asked for, so finish() does not also call the key unknown
        h.node(name);
        h.node(name + MapReader.FILE_SUFFIX);
        m.reader()
            .error(
                h.keyNode(k),
                m.describe(key)
                    + ": \""
                    + WireText.printable(name)
                    + "\" is not a header name: it "
                    + problem);
        continue;
      }
      String value = h.secretLine(name);
      if (value != null) {
        out.put(name, value);
      }
    }
    h.finish();
    return out;
  }

  /** The header name a key stands for: {@code Authorization_file} is {@code Authorization}. */
  private static String withoutFileSuffix(String k) {
    String suffix = MapReader.FILE_SUFFIX;
    return k.endsWith(suffix) && k.length() > suffix.length()
        ? k.substring(0, k.length() - suffix.length())
        : k;
  }

  /** See {@link MapReader#method}. */
  static String method(MapReader m, String key, List<String> allowed) {
    String method = m.string(key, "GET").toUpperCase(Locale.ROOT);
    if (!allowed.contains(method)) {
      m.reader()
          .error(
              m.node(key),
              m.describe(key)
                  + ": \""
                  + WireText.printable(method)
                  + "\" is not one of "
                  + allowed);
    }
    return method;
  }
}
