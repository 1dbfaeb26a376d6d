package dev.lookout.config;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code notifiers:} block and alert silences. The block's types are not named here: each
 * {@link NotifierSyntax} registered in {@code META-INF/services} reads its own.
 */
final class NotifierParser {
  /** Every registered notifier type, in the order of the service file. */
  static final List<NotifierSyntax> SYNTAXES = installed();

  static final List<String> TYPES = SYNTAXES.stream().map(NotifierSyntax::type).toList();

  private NotifierParser() {}

  /** Whether a configured notifier's type routes alerts itself (see {@link NotifierSyntax}). */
  static boolean routesItself(NotifierConfig config) {
    return SYNTAXES.stream().anyMatch(s -> s.type().equals(config.type()) && s.routesItself());
  }

  private static List<NotifierSyntax> installed() {
    List<NotifierSyntax> out = new ArrayList<>();
    ServiceLoader.load(NotifierSyntax.class, NotifierSyntax.class.getClassLoader())
        .forEach(out::add);
    return List.copyOf(out);
  }

  static Map<String, NotifierConfig> notifiers(ConfigReader reader, MapReader m) {
    Map<String, NotifierConfig> out = new LinkedHashMap<>();
    if (m == null) {
      return out;
    }
    for (String name : m.presentKeys()) {
      MapReader n = m.map(name);
      if (n == null) {
        continue;
      }
      String type = n.required("type");
      NotifierConfig parsed = type == null ? null : notifier(reader, n, name, type);
      n.finish();
      if (parsed != null) {
        out.put(name, parsed);
      }
    }
    return out;
  }

  private static NotifierConfig notifier(
      ConfigReader reader, MapReader n, String name, String type) {
    for (NotifierSyntax syntax : SYNTAXES) {
      if (syntax.type().equals(type)) {
        return syntax.parse(new NotifierBlock(n, name));
      }
    }
    String hint = Suggest.nearest(type, TYPES);
    reader.error(
        n.node("type"),
        n.describe("type")
            + ": unknown notifier type \""
            + type
            + "\""
            + (hint == null
                ? " (valid: " + String.join(", ", TYPES) + ")"
                : " (did you mean \"" + hint + "\"?)"));
    return null;
  }

  /** The {@code silences:} list of an {@code alert:} block. */
  static List<Silence> silences(MapReader alert, String key) {
    ConfigReader reader = alert.reader();
    List<Silence> out = new ArrayList<>();
    Node node = alert.node(key);
    if (node == null) {
      return out;
    }
    int i = 0;
    for (Node item : alert.items(node)) {
      int errorsBefore = reader.errors().size();
      MapReader s = new MapReader(reader, item, alert.describe(key) + "[" + i++ + "]");
      Silence.Weekly weekly = s.parsed("weekly", null, Silence.Weekly::parse);
      Instant from = s.parsed("from", null, NotifierParser::instant);
      Instant until = s.parsed("until", null, NotifierParser::instant);
      List<String> targets = s.strings("targets");
      Map<String, String> labels = s.stringMap("labels");
      s.finish();
      if (reader.errors().size() > errorsBefore) {
        continue; // already reported; "needs from + until" would only repeat it
      }
      try {
        out.add(new Silence(from, until, weekly, targets, labels));
      } catch (IllegalArgumentException e) {
        reader.error(item, s.where() + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static Instant instant(String text) {
    try {
      return java.time.OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a timestamp like 2026-12-01T22:00:00Z");
    }
  }
}
