package dev.lookout.check.http;

import dev.lookout.check.http.page.PageExpectParser;
import dev.lookout.config.Choices;
import dev.lookout.config.HostPort;
import dev.lookout.config.MapReader;
import dev.lookout.config.Regex;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code http:} and its expectations. */
public final class HttpCheckParser {
  private static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private static final Choices<HttpCheck.IpVersion> IP =
      Choices.<HttpCheck.IpVersion>none()
          .or("any", HttpCheck.IpVersion.ANY)
          .or("ipv4", HttpCheck.IpVersion.IPV4)
          .or("ipv6", HttpCheck.IpVersion.IPV6)
          .alias("4", HttpCheck.IpVersion.IPV4)
          .alias("6", HttpCheck.IpVersion.IPV6);

  public HttpCheck parse(MapReader m, MapReader e) {
    URI url = m.httpUrl("url", true);
    String method = m.method("method", METHODS);
    HttpConnection connection = connection(m);
    String body = m.string("body");
    boolean follow = m.bool("follow_redirects", true);
    long maxBody = m.size("max_body", HttpCheck.DEFAULT_MAX_BODY);
    boolean keepAlive = m.bool("keep_alive", false);
    List<HostPort> resolvers = m.ipAddresses("resolvers", 53);
    String connectTo = connectTo(m);
    m.finish();
    HttpExpect expect = expect(e);
    e.finish();
    if (url == null) {
      return null;
    }
    return new HttpCheck(
        url,
        method,
        connection.headers(),
        body,
        follow,
        connection.maxRedirects(),
        maxBody,
        keepAlive,
        connection.ip(),
        connection.verifyTls(),
        connection.caFile(),
        expect,
        resolvers,
        connectTo);
  }

  /** {@code connect_to:} one IP address (no port: the URL's port is kept), or null. */
  public static String connectTo(MapReader m) {
    return m.parsed(
        "connect_to",
        null,
        text -> {
          String t = text.trim();
          String bare = t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t;
          try {
            return org.xbill.DNS.Address.getByAddress(bare).getHostAddress();
          } catch (java.net.UnknownHostException ex) {
            throw new IllegalArgumentException(
                "\""
                    + text
                    + "\" is not an IP address (write 203.0.113.7 or 2001:db8::7; the port is the"
                    + " URL's)");
          }
        });
  }

  /**
   * The connection keys ({@code headers}, {@code max_redirects}, {@code ip}, {@code verify_tls},
   * {@code ca_file}) of an {@code http:} block, or of another check's block that takes them.
   */
  public static HttpConnection connection(MapReader m) {
    Map<String, String> headers = m.headers("headers");
    int maxRedirects = m.integer("max_redirects", HttpCheck.DEFAULT_MAX_REDIRECTS, 0, 100);
    HttpCheck.IpVersion ip = m.choice("ip", HttpCheck.IpVersion.ANY, IP);
    boolean verifyTls = m.bool("verify_tls", true);
    Path caFile = m.path("ca_file");
    return new HttpConnection(headers, maxRedirects, ip, verifyTls, caFile);
  }

  static HttpExpect expect(MapReader e) {
    List<HttpExpect.StatusRange> status =
        new ArrayList<>(e.list("status", HttpExpect.StatusRange::parse));
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
        e.integer("cert_days_above", null, 0, 3650),
        PageExpectParser.parse(e));
  }

  private static Map<String, HttpExpect.HeaderRule> headerRules(MapReader e) {
    Map<String, HttpExpect.HeaderRule> rules = new LinkedHashMap<>();
    MapReader h = e.map("header");
    if (h == null) {
      return rules;
    }
    for (String name : h.presentKeys()) {
      if (!h.has(name)) {
        continue;
      }
      if (h.isMap(name)) {
        MapReader rule = h.map(name);
        Regex p = rule.parsed("matches", null, Regex::compile);
        if (p == null && !rule.has("matches")) {
          h.error(
              name,
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
