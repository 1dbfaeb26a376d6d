package dev.lookout.check.redirects;

import java.net.URI;
import java.util.Locale;

/**
 * How a URL appears in a finding: an old path's chain relative to the canonical origin ({@code
 * /spring-sale}), anything else absolute; without the query, which may carry tokens (and would
 * repeat the test query everywhere), unless asked.
 */
final class Shown {
  private Shown() {}

  static String url(RedirectsCheck check, boolean path, URI url) {
    return withQuery(check, path, url, false);
  }

  static String withQuery(RedirectsCheck check, boolean path, URI url, boolean query) {
    String raw = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String local = query && url.getRawQuery() != null ? raw + "?" + url.getRawQuery() : raw;
    if (path && sameOrigin(check.canonical(), url)) {
      return local;
    }
    // Never the user info: it is a password.
    return url.getScheme()
        + "://"
        + url.getRawAuthority().substring(url.getRawAuthority().lastIndexOf('@') + 1)
        + local;
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && b.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && b.getHost() != null
        && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
        && port(a) == port(b);
  }

  /** Whether two URLs name the same resource, ignoring their queries and fragments. */
  static boolean samePlace(URI a, URI b) {
    return sameOrigin(a, b) && path(a).equals(path(b));
  }

  private static String path(URI u) {
    return u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
  }

  private static int port(URI u) {
    if (u.getPort() > 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }
}
