package dev.lookout.check.http;

import dev.lookout.config.HostPort;
import dev.lookout.probe.Attempt;
import dev.lookout.probe.CertificateChain;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of an http probe: a chain of hops under one deadline. All of its callbacks run on the
 * context that started it, so its mutable state needs no locks.
 */
final class HttpAttempt extends Attempt<ProbeResult> {
  private final HostResolver resolver;
  private final HttpClients clients;
  private final HttpCheck check;
  private final Duration timeout;
  private final Context context;
  private final Instant startedAt = Instant.now();
  private final List<Hop> hops = new ArrayList<>();
  private HttpPhases phases = HttpPhases.ZERO;
  private String phase = "dns";
  private String host;
  private String peer;
  private HttpClientRequest current;
  private FreshExchange exchange;
  private Runnable stopWatching = () -> {};

  HttpAttempt(
      Vertx vertx, HostResolver resolver, HttpClients clients, HttpCheck check, Duration timeout) {
    super(vertx, timeout, System.nanoTime());
    this.resolver = resolver;
    this.clients = clients;
    this.check = check;
    this.timeout = timeout;
    this.context = vertx.getOrCreateContext();
    this.host = check.url().getHost();
    this.peer = host;
  }

  Future<ProbeResult> start() {
    Future<ProbeResult> settled = arm();
    hop(check.url());
    return settled;
  }

  private void hop(URI url) {
    phase = "dns";
    long t0 = System.nanoTime();
    boolean v4 = check.ip() != HttpCheck.IpVersion.IPV6;
    boolean v6 = check.ip() != HttpCheck.IpVersion.IPV4;
    if (check.connectTo() != null && url.getHost().equalsIgnoreCase(check.url().getHost())) {
      // connect_to: this address instead of the name's; Host, SNI and verification keep the name
      connect(url, HostResolver.literalAddress(check.connectTo()), 0);
      return;
    }
    resolver
        .via(check.resolvers())
        .resolve(context, url.getHost(), v4, v6, Duration.ofMillis(remainingMillis()))
        .onSuccess(addresses -> connect(url, addresses.get(0), System.nanoTime() - t0))
        .onFailure(
            e ->
                fail(
                    e instanceof HostResolver.LookupFailed
                        ? e.getMessage()
                        : "DNS lookup of " + url.getHost() + " failed: " + e));
  }

  private void connect(URI url, InetAddress address, long dnsNanos) {
    if (isSettled()) {
      return;
    }
    boolean https = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
    host = url.getHost();
    peer = formatPeer(address, port);
    phase = "connect";
    long t0 = System.nanoTime();
    SocketAddress server = SocketAddress.inetSocketAddress(port, address.getHostAddress());
    if (check.keepAlive()) {
      RequestOptions options =
          new RequestOptions()
              .setMethod(HttpMethod.valueOf(check.method()))
              .setAbsoluteURI(url.toString())
              .setFollowRedirects(false)
              .putHeader("User-Agent", clients.userAgent());
      check.headers().forEach(options::putHeader);
      if (https) {
        // A new pooled connection shakes hands inside request(): hear when TCP is done.
        stopWatching =
            clients.onHandshake(
                unbracketed(url.getHost()),
                port,
                () -> context.runOnContext(v -> phase = phase.equals("connect") ? "tls" : phase));
      }
      clients
          .clientFor(check)
          .request(options.setServer(server).setConnectTimeout(remainingMillis()))
          .onComplete(ar -> stopWatchingHandshake())
          .onSuccess(request -> send(url, request, dnsNanos, t0))
          .onFailure(e -> fail(failure(e)));
      return;
    }
    // A connection of its own: the probe measures a fresh connect (and TLS handshake) as a new
    // visitor would, and never waits behind other probes to the same host.
    ConnectOptions connect =
        new ConnectOptions()
            .setRemoteAddress(server)
            .setHost(url.getHost())
            .setPort(port)
            .setTimeout(0); // no connect timer of its own: the probe's deadline bounds the connect
    NetClient client = clients.netClientFor(check);
    ClientSSLOptions tls = clients.tlsFor(check);
    FullHttpRequest request = FreshExchange.request(check, url, port, clients.userAgent());
    // The connect is timed from here: building the request is the agent's time, not the target's.
    exchange =
        FreshExchange.start(
            client,
            connect,
            tls,
            https ? unbracketed(url.getHost()) : null,
            request,
            new Fresh(url, dnsNanos, System.nanoTime()));
  }

  /** One fresh-connection hop: turns the exchange's events into phases, a hop and a body. */
  private final class Fresh implements FreshExchange.Listener {
    private final URI url;
    private final long dnsNanos;
    private final long connectStart;
    private final ResponseBody body = new ResponseBody(check.maxBody());
    private List<X509Certificate> chain = List.of();
    private long tcpDone;
    private long tcpNanos;
    private long tlsNanos;
    private long connected;
    private long sentAt;
    private long firstByteAt;
    private int status;
    private HttpHeaders headers;

    Fresh(URI url, long dnsNanos, long connectStart) {
      this.url = url;
      this.dnsNanos = dnsNanos;
      this.connectStart = connectStart;
    }

    @Override
    public void tcpConnected(long handshakeNanos) {
      tcpDone = System.nanoTime();
      // The kernel's measure when it has one: the wall clock here also holds the agent's own
      // channel set-up before the SYN and its connection objects after the SYN-ACK.
      tcpNanos =
          handshakeNanos >= 0
              ? Math.min(handshakeNanos, tcpDone - connectStart)
              : tcpDone - connectStart;
      if ("https".equalsIgnoreCase(url.getScheme())) {
        phase = "tls";
      }
    }

    @Override
    public void connected(NetSocket socket) {
      connected = System.nanoTime();
      if (socket.isSsl()) {
        chain = CertificateChain.served(socket::peerCertificates);
        SslHandler ssl =
            ((NetSocketInternal) socket).channelHandlerContext().pipeline().get(SslHandler.class);
        tlsNanos =
            HandshakeClock.tlsNanos(
                ssl == null ? null : HandshakeClock.timing(ssl.engine()), tcpDone, connected);
      }
      phase = "ttfb";
    }

    @Override
    public void sent() {
      sentAt = System.nanoTime();
    }

    @Override
    public void answering(long at) {
      firstByteAt = at;
      if (phase.equals("ttfb")) {
        phase = "head";
      }
    }

    @Override
    public void head(int status, HttpHeaders headers) {
      this.status = status;
      this.headers = headers;
      phase = "transfer";
    }

    @Override
    public boolean body(ByteBuf content) {
      return body.add(content);
    }

    @Override
    public void end(long lastByteAt) {
      exchange = null;
      // Time to first byte runs from the request's last byte written to the answer's first byte
      // read (both stamped at the read, before the codec parses it), and the transfer from there to
      // the read of its last byte: the codec's encoding and parsing, and the close and the judging
      // after, are the agent's time (as in curl's numbers). Should the write's completion come
      // after the answer (it does not on a socket), the connection's readiness stands in.
      long requestAt = sentAt > 0 && sentAt <= firstByteAt ? sentAt : connected;
      HttpPhases timed =
          new HttpPhases(
              seconds(dnsNanos),
              seconds(tcpNanos),
              seconds(tlsNanos),
              seconds(firstByteAt - requestAt),
              seconds(lastByteAt - firstByteAt));
      done(url, status, headers, headers.get(HttpHeaderNames.LOCATION), chain, timed, body);
    }

    @Override
    public void failed(Throwable cause) {
      exchange = null;
      fail(failure(cause));
    }
  }

  private void stopWatchingHandshake() {
    stopWatching.run();
    stopWatching = () -> {};
  }

  private void send(URI url, HttpClientRequest request, long dnsNanos, long connectStart) {
    long connected = System.nanoTime();
    if (isSettled()) {
      request.reset();
      return;
    }
    current = request;
    HttpConnection connection = request.connection();
    long tcpDone =
        HandshakeClock.tcpDoneNanos(
            connection.isSsl() ? connection.sslSession() : null, connectStart, connected);
    long tlsNanos =
        connection.isSsl()
            ? HandshakeClock.tlsNanos(connection.sslSession(), tcpDone, connected)
            : 0;
    List<X509Certificate> chain =
        connection.isSsl() ? CertificateChain.served(connection::peerCertificates) : List.of();
    phase = "ttfb";
    long sent = System.nanoTime();
    // The request and response hear every failure; without a handler of its own the connection
    // would also log a target's misbehaviour (a slowloris, garbage) as an agent ERROR.
    connection.exceptionHandler(e -> {});
    request.exceptionHandler(e -> fail(failure(e)));
    Future<HttpClientResponse> response =
        check.body() == null ? request.send() : request.send(check.body());
    response
        .onSuccess(
            r -> {
              long headers = System.nanoTime();
              HttpPhases hopPhases =
                  new HttpPhases(
                      seconds(dnsNanos),
                      seconds(tcpDone - connectStart),
                      seconds(tlsNanos),
                      seconds(headers - sent),
                      0);
              read(url, request, r, chain, hopPhases, headers);
            })
        .onFailure(e -> fail(failure(e)));
  }

  private void read(
      URI url,
      HttpClientRequest request,
      HttpClientResponse response,
      List<X509Certificate> chain,
      HttpPhases hopPhases,
      long headersAt) {
    phase = "transfer";
    ResponseBody body = new ResponseBody(check.maxBody());
    response.exceptionHandler(e -> fail(failure(e)));
    response.handler(
        chunk -> {
          if (body.add(chunk)) {
            // The cap is reached: stop reading, drop the connection, keep what we have.
            response.handler(null);
            response.endHandler(null);
            request.connection().close();
            done(url, response, chain, hopPhases, headersAt, body);
          }
        });
    response.endHandler(v -> done(url, response, chain, hopPhases, headersAt, body));
  }

  private void done(
      URI url,
      HttpClientResponse response,
      List<X509Certificate> chain,
      HttpPhases hopPhases,
      long headersAt,
      ResponseBody body) {
    current = null;
    HttpPhases timed =
        new HttpPhases(
            hopPhases.dns(),
            hopPhases.connect(),
            hopPhases.tls(),
            hopPhases.ttfb(),
            seconds(System.nanoTime() - headersAt));
    done(
        url,
        response.statusCode(),
        response.headers(),
        response.getHeader("Location"),
        chain,
        timed,
        body);
  }

  /** A hop's response has been read: follow its redirect, or settle the probe on it. */
  private void done(
      URI url,
      int status,
      Iterable<Map.Entry<String, String>> responseHeaders,
      String location,
      List<X509Certificate> chain,
      HttpPhases hopPhases,
      ResponseBody body) {
    if (isSettled()) {
      return;
    }
    phases = phases.plus(hopPhases);
    hops.add(new Hop(url, peer, status, location, chain));
    if (check.followRedirects() && RedirectStep.isRedirect(status) && location != null) {
      RedirectStep step = RedirectStep.from(url, location, hops, check.maxRedirects());
      if (step.failure() != null) {
        fail(step.failure());
      } else {
        hop(step.next());
      }
      return;
    }
    Map<String, String> headers = new HashMap<>(); // copied unordered into the observation
    responseHeaders.forEach(
        e ->
            headers.merge(
                e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (a, b) -> a + ", " + b));
    // The latency is the target's: the sum of the phases, without the agent's own work between
    // them (building requests, verifying certificates), which curl's numbers barely show either.
    complete(
        ProbeResult.answered(
            startedAt,
            targetTime(),
            new HttpObservation(
                hops, headers, body.text(), body.total(), body.truncated(), phases)));
  }

  @Override
  protected void onTimeout() {
    complete(ProbeResult.failed(startedAt, elapsed(), Failures.timedOut(phase, peer, timeout)));
  }

  /** Why this hop failed with {@code e}, naming the phase, the hop's host and its address. */
  private String failure(Throwable e) {
    return Failures.describe(e, phase, host, peer, timeout);
  }

  private void fail(String reason) {
    complete(ProbeResult.failed(startedAt, elapsed(), reason));
  }

  /**
   * Settles the result once; a request or exchange still in flight is abandoned, after the result
   * is fixed.
   */
  private void complete(ProbeResult r) {
    if (settle(r)) {
      stopWatchingHandshake();
      if (current != null) {
        HttpClientRequest abandoned = current;
        current = null;
        abandoned.reset();
      }
      if (exchange != null) {
        FreshExchange abandoned = exchange;
        exchange = null;
        abandoned.cancel();
      }
    }
  }

  private Duration targetTime() {
    double total =
        phases.dns() + phases.connect() + phases.tls() + phases.ttfb() + phases.transfer();
    Duration sum = Duration.ofNanos(Math.round(total * 1e9));
    Duration elapsed = elapsed();
    return sum.compareTo(elapsed) < 0 ? sum : elapsed;
  }

  private static double seconds(long nanos) {
    return Math.max(0, nanos) / 1e9;
  }

  static String formatPeer(InetAddress address, int port) {
    return HostPort.format(address.getHostAddress(), port);
  }

  /** A URL's host as a TLS server name: an IPv6 literal without its brackets. */
  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
