package dev.lookout.check.http;

import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Single requests through the http check's own request code (a fresh connection, every phase timed,
 * the body capped), for checks that compose hops themselves: the {@code redirects} check follows a
 * chain hop by hop, and an http target's page checks fetch its assets and probe for exposed files.
 * One instance per scheduler lane, like {@link HttpProbe}; not thread-safe.
 */
public final class HttpRequests {
  private static final HttpExpect NOTHING =
      new HttpExpect(List.of(), null, null, Map.of(), Map.of(), null, null, null, null, null, null);

  private final Vertx vertx;
  private final HostResolver resolver;
  private final HttpClients clients;
  private final boolean owned;

  public HttpRequests(Vertx vertx, HostResolver resolver, String userAgent) {
    this(vertx, resolver, new HttpClients(vertx, userAgent), true);
  }

  HttpRequests(Vertx vertx, HostResolver resolver, HttpClients clients, boolean owned) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.clients = clients;
    this.owned = owned;
  }

  /**
   * One GET of {@code url} that does not follow a redirect: the result's observation is an {@link
   * HttpObservation} with one hop (its status, {@code Location}, address and certificate chain),
   * the response headers and at most {@code maxBody} of the body. Never fails: a failure is a
   * result with a reason naming the phase and the peer.
   *
   * @param extraHeaders sent after the connection's headers, unless those name them already
   */
  public Future<ProbeResult> get(
      URI url,
      HttpConnection connection,
      Map<String, String> extraHeaders,
      long maxBody,
      Duration timeout) {
    Map<String, String> headers = new LinkedHashMap<>(connection.headers());
    extraHeaders.forEach(
        (name, value) -> {
          if (headers.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
            headers.put(name, value);
          }
        });
    HttpCheck one =
        new HttpCheck(
            url,
            "GET",
            headers,
            null,
            false,
            connection.maxRedirects(),
            maxBody,
            false,
            connection.ip(),
            connection.verifyTls(),
            connection.caFile(),
            NOTHING);
    return new HttpAttempt(vertx, resolver, clients, one, timeout).start();
  }

  Vertx vertx() {
    return vertx;
  }

  public void close() {
    if (owned) {
      clients.close();
    }
  }
}
