package dev.lookout.check.flow;

import dev.lookout.check.http.HttpCheck;
import dev.lookout.check.http.HttpCheckParser;
import dev.lookout.config.MapReader;
import dev.lookout.config.Regex;
import dev.lookout.config.Suggest;
import dev.lookout.config.WireText;
import io.vertx.core.json.pointer.JsonPointer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * Reads {@code flow:} and the target's {@code expect:}. Each step's {@code http:} and {@code
 * expect:} go through the http check's own parser, so a step has exactly the http check's keys; a
 * {@code {{name}}} that no earlier step extracts is an error at its value.
 */
final class FlowCheckParser {
  private static final List<String> KINDS = List.of("json", "header", "cookie", "regex", "html");

  FlowCheck parse(MapReader m, MapReader e) {
    if (!m.has("steps")) {
      m.error(m.where() + " needs \"steps\" (a list of requests, each with a name and http)");
    }
    List<FlowStep> steps = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    Set<String> extracted = new LinkedHashSet<>();
    boolean complete = true;
    for (MapReader s : m.maps("steps")) {
      FlowStep step = step(s, names, extracted);
      if (step == null) {
        complete = false;
      } else {
        steps.add(step);
      }
    }
    m.finish();
    FlowCheck.Expect expect =
        new FlowCheck.Expect(
            e.positiveDuration("latency_below", null),
            e.positiveDuration("p95_below", null),
            e.positiveDuration("p99_below", null));
    e.finish();
    return complete && !steps.isEmpty() ? new FlowCheck(steps, expect) : null;
  }

  private static FlowStep step(MapReader s, Set<String> names, Set<String> extracted) {
    String name = s.line("name");
    if (name == null && !s.has("name")) {
      s.error(s.where() + " needs \"name\" (it names the step in verdicts and metrics)");
    } else if (name != null && !names.add(name)) {
      s.error("name", s.describe("name") + ": another step is already called \"" + name + "\"");
    }
    boolean always = s.bool("always", false);
    Duration timeout = s.positiveDuration("timeout", null);
    MapReader http = s.map("http");
    MapReader expect = s.mapOrEmpty("expect");
    HttpCheck check = null;
    if (http == null) {
      s.error(s.where() + " needs \"http\" (the request, with the http check's keys)");
    } else {
      for (String key : List.of("p95_below", "p99_below")) {
        if (expect.has(key)) {
          expect.error(
              key,
              expect.describe(key)
                  + ": a step has no window of its own; write "
                  + key
                  + " in the target's expect, for the whole flow");
        }
      }
      check = new HttpCheckParser().parse(http, expect);
      if (check != null) {
        templates(http, check, extracted);
      }
    }
    MapReader x = s.map("extract");
    List<Extract> extract = extract(x);
    s.finish();
    if (x != null) {
      // Every name written counts, valid or not: one mistake is reported once, not again here.
      extracted.addAll(x.presentKeys());
    }
    if (name == null || check == null) {
      return null;
    }
    return new FlowStep(name, check, extract, always, timeout);
  }

  /** Every {@code {{name}}} in the step's header values and body names an earlier extraction. */
  private static void templates(MapReader http, HttpCheck check, Set<String> extracted) {
    MapReader headers = http.map("headers");
    for (Map.Entry<String, String> h : check.headers().entrySet()) {
      for (String ref : Template.names(h.getValue())) {
        if (!extracted.contains(ref)) {
          headers.error(h.getKey(), unknown(ref, headers.describe(h.getKey()), extracted));
        }
      }
    }
    for (String ref : Template.names(check.body())) {
      if (!extracted.contains(ref)) {
        http.error("body", unknown(ref, http.describe("body"), extracted));
      }
    }
  }

  private static String unknown(String ref, String where, Set<String> extracted) {
    String hint = Suggest.nearest(ref, extracted);
    return where
        + ": no earlier step extracts \""
        + WireText.printable(ref)
        + "\" for {{"
        + WireText.printable(ref)
        + "}}"
        + (hint != null
            ? " (did you mean {{" + hint + "}}?)"
            : extracted.isEmpty()
                ? " (no earlier step has an extract)"
                : " (earlier steps extract: " + String.join(", ", extracted) + ")");
  }

  private static List<Extract> extract(MapReader x) {
    List<Extract> out = new ArrayList<>();
    if (x == null) {
      return out;
    }
    for (String name : x.presentKeys()) {
      if (!Template.NAME.matcher(name).matches()) {
        x.errorAtKey(
            name,
            x.describe(name)
                + ": \""
                + WireText.printable(name)
                + "\" is not a value name (letters, digits, _ and -, starting with a letter or _)");
        x.has(name);
        continue;
      }
      if (!x.isMap(name)) {
        x.error(
            name,
            x.describe(name)
                + " must say where the value is, such as {json: /token} or {header:"
                + " Location}");
        continue;
      }
      Extract e = kind(name, x.map(name));
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  private static Extract kind(String name, MapReader k) {
    List<String> given = new ArrayList<>();
    for (String kind : KINDS) {
      if (k.has(kind)) {
        given.add(kind);
      }
    }
    String attribute = k.string("attribute");
    if (attribute != null && !given.equals(List.of("html"))) {
      k.error("attribute", k.describe("attribute") + " goes with html only");
    }
    Extract e = null;
    if (given.size() != 1) {
      k.error(
          k.where()
              + (given.isEmpty() ? " needs one of " : " has more than one of ")
              + String.join(", ", KINDS));
    } else {
      e = read(name, given.get(0), k, attribute);
    }
    k.finish();
    return e;
  }

  private static Extract read(String name, String kind, MapReader k, String attribute) {
    return switch (kind) {
      case "json" -> k.parsed("json", null, text -> new Extract.Json(name, pointer(text)));
      case "header" -> {
        String header = k.string("header");
        String problem = WireText.tokenProblem(header);
        if (problem != null) {
          k.error("header", k.describe("header") + " is not a header name: it " + problem);
          yield null;
        }
        yield new Extract.Header(name, header);
      }
      case "cookie" -> new Extract.Cookie(name, k.string("cookie"));
      case "regex" ->
          k.parsed("regex", null, text -> new Extract.RegexGroup(name, Regex.compile(text)));
      default -> k.parsed("html", null, text -> new Extract.Html(name, selector(text), attribute));
    };
  }

  private static JsonPointer pointer(String text) {
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a JSON Pointer (it must start with /, like /token)");
    }
    try {
      return JsonPointer.from(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a JSON Pointer");
    }
  }

  private static String selector(String text) {
    try {
      QueryParser.parse(text);
      return text;
    } catch (Selector.SelectorParseException e) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a CSS selector jsoup understands (" + e.getMessage() + ")");
    }
  }
}
