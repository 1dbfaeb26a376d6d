package dev.lookout.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** Reads {@code http:} and its expectations. */
public final class HttpCheckParser {
  private static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  public HttpCheck parse(MapReader m, MapReader e) {
    URI url = m.httpUrl("url", true);
    String method = m.string("method", "GET").toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      m.reader()
          .error(
              m.node("method"),
              m.describe("method")
                  + ": \""
                  + WireText.printable(method)
                  + "\" is not one of "
                  + METHODS);
    }
    Map<String, String> headers = m.headers("headers");
    String body = m.string("body");
    boolean follow = m.bool("follow_redirects", true);
    int maxRedirects = m.integer("max_redirects", HttpCheck.DEFAULT_MAX_REDIRECTS, 0, 100);
    long maxBody = m.size("max_body", HttpCheck.DEFAULT_MAX_BODY);
    boolean keepAlive = m.bool("keep_alive", false);
    HttpCheck.IpVersion ip =
        m.parsed(
            "ip",
            HttpCheck.IpVersion.ANY,
            s ->
                switch (s.trim()) {
                  case "any" -> HttpCheck.IpVersion.ANY;
                  case "4", "ipv4" -> HttpCheck.IpVersion.IPV4;
                  case "6", "ipv6" -> HttpCheck.IpVersion.IPV6;
                  default ->
                      throw new IllegalArgumentException(
                          "\"" + s + "\" is not one of any, ipv4, ipv6");
                });
    boolean verifyTls = m.bool("verify_tls", true);
    String ca = m.string("ca_file");
    Path caFile = ca == null ? null : m.reader().resolvePath(ca);
    m.finish();
    HttpExpect expect = expect(e);
    e.finish();
    if (url == null) {
      return null;
    }
    return new HttpCheck(
        url,
        method,
        headers,
        body,
        follow,
        maxRedirects,
        maxBody,
        keepAlive,
        ip,
        verifyTls,
        caFile,
        expect);
  }

  static HttpExpect expect(MapReader e) {
    List<HttpExpect.StatusRange> status = new ArrayList<>();
    Node statusNode = e.node("status");
    if (statusNode != null) {
      for (Node item : e.items(statusNode)) {
        String s = e.reader().text(item, e.describe("status"));
        if (s == null) {
          continue;
        }
        try {
          status.add(HttpExpect.StatusRange.parse(s));
        } catch (IllegalArgumentException ex) {
          e.reader().error(item, e.describe("status") + ": " + ex.getMessage());
        }
      }
    }
    if (status.isEmpty()) {
      status.add(new HttpExpect.StatusRange(200, 299));
    }
    return new HttpExpect(
        status,
        e.string("body_contains"),
        e.parsed("body_matches", null, Regex::compile),
        headerRules(e),
        e.stringMap("json"),
        e.integer("redirects_at_most", null, 0, 100),
        e.string("final_url"),
        e.positiveDuration("latency_below", null),
        e.positiveDuration("p95_below", null),
        e.positiveDuration("p99_below", null),
        e.integer("cert_days_above", null, 0, 3650));
  }

  private static Map<String, HttpExpect.HeaderRule> headerRules(MapReader e) {
    Map<String, HttpExpect.HeaderRule> rules = new LinkedHashMap<>();
    MapReader h = e.map("header");
    if (h == null) {
      return rules;
    }
    for (String name : h.presentKeys()) {
      Node value = h.node(name);
      if (value == null) {
        continue;
      }
      if (value instanceof org.yaml.snakeyaml.nodes.MappingNode) {
        MapReader rule = new MapReader(e.reader(), value, h.describe(name));
        Regex p = rule.parsed("matches", null, Regex::compile);
        if (p == null && !rule.has("matches")) {
          e.reader()
              .error(
                  value,
                  h.describe(name) + " needs \"matches\" (a regular expression) or a plain value");
        }
        rule.finish();
        if (p != null) {
          rules.put(name, new HttpExpect.HeaderRule(null, p));
        }
      } else {
        String exact = h.string(name);
        if (exact != null) {
          rules.put(name, new HttpExpect.HeaderRule(exact, null));
        }
      }
    }
    return rules;
  }
}
