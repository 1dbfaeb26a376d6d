package dev.lookout.check.http.page;

import java.net.URI;
import java.util.Locale;

/** Scheme, host and port of a URL, as browsers compare origins. */
final class Origin {
  private Origin() {}

  static boolean same(URI a, URI b) {
    return a.getScheme() != null
        && b.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && b.getHost() != null
        && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
        && port(a) == port(b);
  }

  static int port(URI u) {
    if (u.getPort() > 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /** {@code https://example.com:8443}, without a path. */
  static URI of(URI u) {
    return URI.create(
        u.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + u.getRawAuthority().substring(u.getRawAuthority().lastIndexOf('@') + 1));
  }
}
