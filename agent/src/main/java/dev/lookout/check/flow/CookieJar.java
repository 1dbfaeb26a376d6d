package dev.lookout.check.flow;

import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cookies of one flow run (every run starts empty), kept and sent by the rules of RFC 6265:
 * host-only unless a {@code Domain} the host belongs to is given (§5.3), the request path's
 * directory unless a {@code Path} is (§5.1.4), {@code Secure} only over https, {@code Max-Age=0} or
 * a past {@code Expires} removes.
 */
final class CookieJar {
  /**
   * The http observation joins repeated headers with ", ": a new cookie starts after a comma that
   * is followed by {@code name=} (an {@code Expires} date's comma is followed by a day number).
   */
  private static final Pattern BETWEEN_COOKIES = Pattern.compile(",\\s*(?=[^;=,\\s]+=)");

  private record Stored(
      String name, String value, String domain, boolean hostOnly, String path, boolean secure) {}

  private final List<Stored> cookies = new ArrayList<>();

  /**
   * Keeps the cookies of a response to {@code url}.
   *
   * @param setCookie the response's {@code Set-Cookie} values as the observation joined them
   * @return the name and value of each cookie the response set (also those it removed: empty)
   */
  Map<String, String> store(URI url, String setCookie) {
    Map<String, String> set = new LinkedHashMap<>();
    if (setCookie == null || url.getHost() == null) {
      return set;
    }
    String host = host(url);
    for (String one : BETWEEN_COOKIES.split(setCookie)) {
      Cookie c = ClientCookieDecoder.LAX.decode(one.strip());
      if (c == null) {
        continue;
      }
      String domain = c.domain() == null ? null : strip(c.domain());
      if (domain != null && !domainMatches(host, domain)) {
        continue; // a host may not set cookies for another domain (§5.3 step 6)
      }
      String path = c.path() == null || !c.path().startsWith("/") ? defaultPath(url) : c.path();
      Stored s =
          new Stored(
              c.name(),
              c.value(),
              domain == null ? host : domain,
              domain == null,
              path,
              c.isSecure());
      cookies.removeIf(
          old -> old.name.equals(s.name) && old.domain.equals(s.domain) && old.path.equals(s.path));
      boolean expired = c.maxAge() != Long.MIN_VALUE && c.maxAge() <= 0;
      if (!expired) {
        cookies.add(s);
      }
      set.put(c.name(), expired ? "" : c.value());
    }
    return set;
  }

  /** The {@code Cookie} header for a request to {@code url}, or null when no cookie goes. */
  String header(URI url) {
    String host = host(url);
    boolean https = "https".equalsIgnoreCase(url.getScheme());
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    List<Stored> going = new ArrayList<>();
    for (Stored c : cookies) {
      boolean domainOk = c.hostOnly ? host.equals(c.domain) : domainMatches(host, c.domain);
      if (domainOk && pathMatches(path, c.path) && (https || !c.secure)) {
        going.add(c);
      }
    }
    if (going.isEmpty()) {
      return null;
    }
    // Longer paths first (§5.4 step 2); the sort is stable, so otherwise in the order set.
    going.sort(Comparator.comparingInt((Stored c) -> c.path.length()).reversed());
    StringBuilder out = new StringBuilder();
    for (Stored c : going) {
      out.append(out.isEmpty() ? "" : "; ").append(c.name).append('=').append(c.value);
    }
    return out.toString();
  }

  private static String host(URI url) {
    String h = url.getHost().toLowerCase(Locale.ROOT);
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  private static String strip(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    return d.startsWith(".") ? d.substring(1) : d;
  }

  /** §5.1.3: the host is the domain, or a name under it (never an IP address under a domain). */
  static boolean domainMatches(String host, String domain) {
    if (host.equals(domain)) {
      return true;
    }
    boolean ip = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    return !ip && host.endsWith("." + domain);
  }

  /** §5.1.4. */
  static boolean pathMatches(String requestPath, String cookiePath) {
    if (requestPath.equals(cookiePath)) {
      return true;
    }
    return requestPath.startsWith(cookiePath)
        && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
  }

  /** §5.1.4: the directory of the request path. */
  private static String defaultPath(URI url) {
    String p = url.getRawPath();
    if (p == null || !p.startsWith("/")) {
      return "/";
    }
    int last = p.lastIndexOf('/');
    return last == 0 ? "/" : p.substring(0, last);
  }
}
