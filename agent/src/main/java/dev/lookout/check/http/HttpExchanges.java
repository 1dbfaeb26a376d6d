package dev.lookout.check.http;

import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The http check's request, timing and expectations for types built on it (the steps of a {@code
 * flow}): one request as an {@code http:} block describes it, with the probe's resolver, fresh
 * connection, redirects, body cap and phases, judged by the http check's own rules. One instance
 * per scheduler lane (event loop), like {@link HttpProbe}.
 */
public final class HttpExchanges {
  private final Vertx vertx;
  private final HostResolver resolver;
  private final HttpClients clients;

  public HttpExchanges(Vertx vertx, HostResolver resolver, String userAgent) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.clients = new HttpClients(vertx, userAgent);
  }

  /**
   * Runs one request (following redirects as the check says) within {@code timeout}; never fails,
   * an {@link HttpObservation} when answered. Call on the event loop that owns this instance.
   */
  public Future<ProbeResult> run(HttpCheck check, Duration timeout) {
    return new HttpAttempt(vertx, resolver, clients, check, timeout).start();
  }

  /**
   * The http check's judgement of one answered request against its {@code expect:} rules, without a
   * latency window (a single request has no p95 of its own).
   */
  public static List<Finding> judge(HttpCheck check, ProbeResult result, Instant now) {
    return HttpEvaluator.evaluate(
        check.expect(),
        (HttpObservation) result.observation(),
        result,
        Quantiles.EMPTY,
        Duration.ZERO,
        now);
  }

  /** The same request with other headers and body (values filled in at run time). */
  public static HttpCheck withRequest(HttpCheck check, Map<String, String> headers, String body) {
    return new HttpCheck(
        check.url(),
        check.method(),
        headers,
        body,
        check.followRedirects(),
        check.maxRedirects(),
        check.maxBody(),
        check.keepAlive(),
        check.ip(),
        check.verifyTls(),
        check.caFile(),
        check.expect());
  }

  public void close() {
    clients.close();
  }
}
