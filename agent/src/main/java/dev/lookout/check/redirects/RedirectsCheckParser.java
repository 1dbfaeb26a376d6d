package dev.lookout.check.redirects;

import dev.lookout.check.http.HttpCheckParser;
import dev.lookout.check.http.HttpConnection;
import dev.lookout.config.MapReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads {@code redirects:} and its expectations. */
final class RedirectsCheckParser {
  RedirectsCheck parse(MapReader m, MapReader e) {
    URI canonical = m.httpUrl("canonical", true);
    List<URI> from = m.list("from", RedirectsCheckParser::url);
    Integer maxHops = m.integer("max_hops", null, 0, 100);
    boolean permanent = m.bool("permanent", false);
    List<RedirectsCheck.OldPath> paths = paths(m);
    boolean keepQuery = m.bool("keep_query", false);
    HttpConnection connection = HttpCheckParser.connection(m);
    if (from.isEmpty() && paths.isEmpty() && m.has("canonical")) {
      m.error(
          "from", m.where() + " needs \"from\" (entry points) or \"paths\" (old URLs) to check");
    }
    m.finish();
    Integer certDays = e.integer("cert_days_above", null, 0, 3650);
    e.finish();
    if (canonical == null) {
      return null;
    }
    return new RedirectsCheck(
        canonical, from, maxHops, permanent, paths, keepQuery, connection, certDays);
  }

  private static List<RedirectsCheck.OldPath> paths(MapReader m) {
    List<RedirectsCheck.OldPath> out = new ArrayList<>();
    MapReader p = m.map("paths");
    if (p == null) {
      return out;
    }
    for (String old : p.presentKeys()) {
      String to = p.string(old);
      if (to == null) {
        continue;
      }
      if (!isPath(old)) {
        p.errorAtKey(
            old, p.describe(old) + ": \"" + old + "\" is not a path (write it like /spring-sale)");
      } else if (!isPath(to.trim())) {
        p.error(old, p.describe(old) + ": \"" + to + "\" is not a path (write it like /sale)");
      } else {
        out.add(new RedirectsCheck.OldPath(old, to.trim()));
      }
    }
    return out;
  }

  private static boolean isPath(String s) {
    return s.startsWith("/")
        && !s.startsWith("//")
        && s.chars().noneMatch(c -> c <= 32 || c >= 127)
        && parses(s);
  }

  private static boolean parses(String s) {
    try {
      new URI(s);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static URI url(String text) {
    try {
      URI u = new URI(text.trim());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return u;
      }
    } catch (URISyntaxException e) {
      // worded below
    }
    throw new IllegalArgumentException(
        "\"" + text + "\" is not an http:// or https:// URL with a host");
  }
}
