package dev.lookout.check.http;

import dev.lookout.config.CheckSpec;
import dev.lookout.config.HostPort;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code http:} block. A fresh connection per probe by default ({@code keep_alive: false}), so
 * connect and TLS handshake are part of the latency users feel.
 *
 * @param resolvers recursive resolvers to ask for the URL's host names, in order; empty means the
 *     system's
 * @param connectTo an IP address to connect to instead of what the first URL's host resolves to
 *     (curl's {@code --resolve}); {@code Host}, SNI and certificate checks keep the URL's host.
 *     Null to resolve.
 */
public record HttpCheck(
    URI url,
    String method,
    Map<String, String> headers,
    String body,
    boolean followRedirects,
    int maxRedirects,
    long maxBody,
    boolean keepAlive,
    IpVersion ip,
    boolean verifyTls,
    Path caFile,
    HttpExpect expect,
    List<HostPort> resolvers,
    String connectTo)
    implements CheckSpec {

  public static final long DEFAULT_MAX_BODY = 1024 * 1024;
  public static final int DEFAULT_MAX_REDIRECTS = 10;

  public HttpCheck {
    headers = Map.copyOf(headers);
    resolvers = List.copyOf(resolvers);
  }

  /** A check that resolves names through the system's resolvers and connects where they say. */
  public HttpCheck(
      URI url,
      String method,
      Map<String, String> headers,
      String body,
      boolean followRedirects,
      int maxRedirects,
      long maxBody,
      boolean keepAlive,
      IpVersion ip,
      boolean verifyTls,
      Path caFile,
      HttpExpect expect) {
    this(
        url,
        method,
        headers,
        body,
        followRedirects,
        maxRedirects,
        maxBody,
        keepAlive,
        ip,
        verifyTls,
        caFile,
        expect,
        List.of(),
        null);
  }

  @Override
  public String type() {
    return "http";
  }

  @Override
  public Duration p95Below() {
    return expect.p95Below();
  }

  @Override
  public Duration p99Below() {
    return expect.p99Below();
  }

  @Override
  public String where() {
    return (method.equals("GET") ? "" : method + " ") + CheckSpec.shownUrl(url);
  }

  /** Which address family to connect over when a name has both A and AAAA records. */
  public enum IpVersion {
    ANY,
    IPV4,
    IPV6
  }
}
