package dev.lookout.check.http;

import java.nio.file.Path;
import java.util.Map;

/**
 * The keys of an {@code http:} block that say how to connect rather than what to ask: request
 * headers, the redirect limit, the address family and the TLS trust. Checks built on the http
 * check's requests ({@code redirects}) take the same keys, spelled the same and read by {@link
 * HttpCheckParser#connection}.
 */
public record HttpConnection(
    Map<String, String> headers,
    int maxRedirects,
    HttpCheck.IpVersion ip,
    boolean verifyTls,
    Path caFile) {

  public HttpConnection {
    headers = Map.copyOf(headers);
  }

  /** The connection keys of an http check. */
  public static HttpConnection of(HttpCheck check) {
    return new HttpConnection(
        check.headers(), check.maxRedirects(), check.ip(), check.verifyTls(), check.caFile());
  }
}
