package dev.lookout.check.queue;

import dev.lookout.check.http.Failures;
import dev.lookout.config.Durations;
import dev.lookout.config.HostPort;
import dev.lookout.config.Sizes;
import dev.lookout.probe.Attempt;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One request to a stats endpoint under one deadline: resolve, ask, read at most {@code max_body},
 * then hand the body to {@link QueueReading}. All callbacks run on the context that started it, so
 * its mutable state needs no locks.
 */
final class QueueAttempt extends Attempt<ProbeResult> {
  private final HostResolver resolver;
  private final HttpClientAgent client;
  private final String userAgent;
  private final Clock clock;
  private final QueueCheck check;
  private final Duration timeout;
  private final Context context;
  private final Instant startedAt;
  private final String source;
  private String phase = "dns";
  private String peer;
  private HttpClientRequest current;

  QueueAttempt(
      Vertx vertx,
      HostResolver resolver,
      HttpClientAgent client,
      String userAgent,
      Clock clock,
      QueueCheck check,
      Duration timeout) {
    super(vertx, timeout, System.nanoTime());
    this.resolver = resolver;
    this.client = client;
    this.userAgent = userAgent;
    this.clock = clock;
    this.check = check;
    this.timeout = timeout;
    this.context = vertx.getOrCreateContext();
    this.startedAt = clock.instant();
    this.peer = check.url().getHost();
    this.source = describe(check.url());
  }

  /**
   * The URL as it may appear in a finding: without user info or query, which can carry credentials.
   */
  static String describe(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() > 0 ? ":" + url.getPort() : "")
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  Future<ProbeResult> start() {
    Future<ProbeResult> settled = arm();
    String host = check.url().getHost();
    if (check.connectTo() != null) {
      // connect_to: this address instead of the name's; Host, SNI and verification keep the name
      connect(HostResolver.literalAddress(check.connectTo()));
      return settled;
    }
    resolver
        .via(check.resolvers())
        .resolve(context, host, true, true, timeout)
        .onSuccess(addresses -> connect(addresses.get(0)))
        .onFailure(
            e ->
                fail(
                    e instanceof HostResolver.LookupFailed
                        ? e.getMessage()
                        : "DNS lookup of " + host + " failed: " + e));
    return settled;
  }

  private void connect(InetAddress address) {
    if (isSettled()) {
      return;
    }
    URI url = check.url();
    boolean https = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
    String host = address.getHostAddress();
    peer = HostPort.format(host, port);
    phase = "connect";
    long remaining = remainingMillis();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.valueOf(check.method()))
            .setAbsoluteURI(url.toString())
            .setServer(SocketAddress.inetSocketAddress(port, host))
            .setConnectTimeout(remaining)
            .setIdleTimeout(remaining)
            .setFollowRedirects(false)
            .putHeader("User-Agent", userAgent)
            .putHeader("Accept", "application/json");
    check.headers().forEach(options::putHeader);
    client
        .request(options)
        .compose(
            request -> {
              current = request;
              phase = "ttfb";
              return request.send();
            })
        .onSuccess(this::read)
        .onFailure(e -> fail(Failures.describe(e, phase, peer, timeout)));
  }

  private void read(HttpClientResponse response) {
    if (isSettled()) {
      return;
    }
    phase = "transfer";
    Buffer body = Buffer.buffer();
    response.exceptionHandler(e -> fail(Failures.describe(e, phase, peer, timeout)));
    response.handler(
        chunk -> {
          if (body.length() + chunk.length() > check.maxBody()) {
            response.handler(null);
            response.endHandler(null);
            // A cut JSON document cannot be read: drop the connection and say how to fix it.
            fail(
                "response from "
                    + source
                    + " is larger than max_body ("
                    + Sizes.human(check.maxBody())
                    + "); raise max_body");
            return;
          }
          body.appendBuffer(chunk);
        });
    response.endHandler(v -> done(response, body));
  }

  private void done(HttpClientResponse response, Buffer body) {
    if (isSettled()) {
      return;
    }
    current = null;
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      String location = response.getHeader("Location");
      String detail =
          status >= 300 && status < 400 && location != null
              ? " (redirects to " + QueueReading.clip(location, 100) + "; point url at it)"
              : body.length() == 0 ? "" : ": " + QueueReading.clip(body.toString(), 100);
      fail("HTTP " + status + " from " + source + detail);
      return;
    }
    String reason;
    try {
      complete(
          ProbeResult.answered(
              startedAt, elapsed(), QueueReading.read(body, check, clock.instant())));
      return;
    } catch (QueueReading.Unreadable e) {
      reason = e.getMessage();
    }
    complete(ProbeResult.failed(startedAt, elapsed(), reason));
  }

  @Override
  protected void onTimeout() {
    String reason =
        phase.equals("transfer")
            ? "response from " + source + " did not finish within " + Durations.human(timeout)
            : Failures.timedOut(phase, peer, timeout);
    fail(reason);
  }

  private void fail(String reason) {
    HttpClientRequest open = isSettled() ? null : current;
    // Complete before the reset: the reset fails the request's futures at once, and their
    // handlers must find the result already decided rather than report "stream reset".
    complete(ProbeResult.failed(startedAt, elapsed(), reason));
    if (open != null) {
      open.reset();
    }
  }

  private void complete(ProbeResult r) {
    settle(r);
  }
}
