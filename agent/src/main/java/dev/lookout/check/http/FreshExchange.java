package dev.lookout.check.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request on a connection of its own, closed when the response has been read.
 *
 * <p>Vert.x's {@link NetClient} opens the connection (TCP, then a TLS upgrade with the check's
 * trust and hostname policy, so a stalled handshake is told from a stalled connect); Netty's HTTP
 * codec, the one Vert.x's own HTTP client runs, is put on that socket's pipeline and does all of
 * the HTTP: request encoding, status line and header parsing, chunked and read-until-close bodies,
 * HEAD. This is the extension point Vert.x offers for protocol clients ({@link NetSocketInternal}).
 * A probe takes this path rather than {@code HttpClient.connect} because that builds two Vert.x
 * connections (a socket, then an HTTP connection, each with a 4 KiB outbound queue) and a
 * request/response stream for every fresh connection, for pooling and flow control a one-request
 * connection never uses: measured, a tenth of the CPU of a probe and nearly half the bytes it
 * allocated.
 *
 * <p>Every callback runs on the event loop of the context that started the exchange; the listener
 * hears exactly one of {@link Listener#end} and {@link Listener#failed}, unless the exchange was
 * {@link #cancel cancelled} first.
 */
final class FreshExchange {
  /** What the probe hears, in order: connected, head, body chunks, then end; or failed. */
  interface Listener {
    /**
     * TCP is up; for https the TLS handshake starts right after this returns. {@code
     * handshakeNanos} is the kernel's own measure of the TCP handshake (SYN sent → SYN-ACK back, no
     * retransmission), or -1 when the transport cannot tell: the agent's work on either side of the
     * connect is not in it.
     */
    void tcpConnected(long handshakeNanos);

    /** TCP (and TLS, if asked) is up; the request is written right after this returns. */
    void connected(NetSocket socket);

    /** The request has been written to the socket, its last byte handed to the kernel. */
    void sent();

    /**
     * The first byte of the answer arrived at {@code at} ({@link System#nanoTime}); what follows
     * may still never make a response.
     */
    void answering(long at);

    /** The final response's status and headers (informational 1xx responses are skipped). */
    void head(int status, HttpHeaders headers);

    /** A piece of the body; returning true means "enough": the connection is closed. */
    boolean body(ByteBuf content);

    /**
     * The response has been read (to its end, or as far as {@link #body} wanted); {@code
     * lastByteAt} is when its last byte arrived ({@link System#nanoTime}), before the connection is
     * closed.
     */
    void end(long lastByteAt);

    void failed(Throwable cause);
  }

  /**
   * The peer's answer could not be read as HTTP/1.x (garbage, an endless header line, …); {@code
   * start} is the first bytes it sent, for the reason to quote.
   */
  static final class InvalidResponse extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient byte[] start;

    InvalidResponse(Throwable cause, byte[] start) {
      super(String.valueOf(cause.getMessage()), cause, false, false);
      this.start = start.clone();
    }

    byte[] start() {
      return start.clone();
    }
  }

  private final Listener listener;
  private final FirstBytes firstBytes;
  private NetSocket socket;
  private boolean finished;
  private boolean informational;
  private boolean headRead;

  private FreshExchange(Listener listener) {
    this.listener = listener;
    this.firstBytes = new FirstBytes(listener);
  }

  /**
   * Connects (plain TCP: {@code connect} must not ask for TLS), shakes hands with {@code tlsServer}
   * under {@code tls} when the name is non-null, and sends {@code request}.
   */
  static FreshExchange start(
      NetClient client,
      ConnectOptions connect,
      ClientSSLOptions tls,
      String tlsServer,
      HttpRequest request,
      Listener listener) {
    FreshExchange exchange = new FreshExchange(listener);
    client
        .connect(connect)
        .compose(s -> exchange.handshake((NetSocketInternal) s, tls, tlsServer))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                ReferenceCountUtil.release(request);
                exchange.fail(ar.cause());
              } else {
                exchange.connected(ar.result(), request);
              }
            });
    return exchange;
  }

  /**
   * TCP is up: tells the listener, then upgrades to TLS if asked. Connecting plain and upgrading
   * (rather than letting the client connect with TLS) is what lets a probe tell a stalled handshake
   * from a stalled connect, and time them apart.
   */
  private Future<NetSocketInternal> handshake(
      NetSocketInternal s, ClientSSLOptions tls, String tlsServer) {
    socket = s;
    if (finished) {
      close();
      return Future.failedFuture(NetSocketInternal.CLOSED_EXCEPTION);
    }
    // Until the exchange's own handlers are on, the upgrade's future carries any failure; without a
    // handler Vert.x would log a target's misbehaviour as an agent error.
    s.exceptionHandler(e -> {});
    listener.tcpConnected(kernelHandshakeNanos(s));
    if (tlsServer == null || finished) {
      return Future.succeededFuture(s);
    }
    return s.upgradeToSsl(tls, tlsServer, null).map(v -> s);
  }

  /**
   * The request of one hop as Netty's codec will write it: {@code Host} (host, and the port unless
   * it is the scheme's default), {@code User-Agent}, {@code Connection: close} and the body's
   * {@code Content-Length}; the check's own headers replace any of these.
   */
  static FullHttpRequest request(HttpCheck check, URI url, int port, String userAgent) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    ByteBuf content =
        check.body() == null
            ? Unpooled.EMPTY_BUFFER
            : Unpooled.wrappedBuffer(check.body().getBytes(StandardCharsets.UTF_8));
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            io.netty.handler.codec.http.HttpMethod.valueOf(check.method()),
            target,
            content);
    boolean defaultPort = port == ("https".equalsIgnoreCase(url.getScheme()) ? 443 : 80);
    request
        .headers()
        .set(HttpHeaderNames.HOST, defaultPort ? url.getHost() : url.getHost() + ":" + port)
        .set(HttpHeaderNames.USER_AGENT, userAgent)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (check.body() != null) {
      request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    }
    check.headers().forEach(request.headers()::set);
    return request;
  }

  /** Abandons the exchange (the probe timed out or gave up): nothing more is reported. */
  void cancel() {
    finished = true;
    close();
  }

  private void connected(NetSocketInternal s, HttpRequest request) {
    socket = s;
    if (finished) {
      ReferenceCountUtil.release(request);
      close();
      return;
    }
    s.channelHandlerContext().pipeline().addBefore("handler", "http", new HttpClientCodec());
    s.channelHandlerContext().pipeline().addBefore("http", "first-bytes", firstBytes);
    s.messageHandler(this::onMessage);
    s.exceptionHandler(this::fail);
    s.closeHandler(v -> fail(closed()));
    listener.connected(s);
    if (finished) {
      ReferenceCountUtil.release(request);
      return;
    }
    s.writeMessage(request)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                fail(ar.cause());
              } else if (!finished) {
                listener.sent();
              }
            });
  }

  /**
   * The TCP handshake as the kernel timed it: its first round-trip sample (SYN → SYN-ACK) on
   * Linux's native transport, when no segment was sent again (a retransmitted SYN's wait is real
   * connect time the sample would leave out); else -1.
   */
  private static long kernelHandshakeNanos(NetSocketInternal s) {
    if (s.channelHandlerContext().channel() instanceof EpollSocketChannel epoll) {
      try {
        EpollTcpInfo info = epoll.tcpInfo();
        if (info.totalRetrans() == 0 && info.rtt() > 0) {
          return info.rtt() * 1000L;
        }
      } catch (RuntimeException unavailable) {
        return -1; // closed meanwhile: the wall clock decides
      }
    }
    return -1;
  }

  private void onMessage(Object message) {
    try {
      if (finished) {
        return;
      }
      if (message instanceof HttpObject o && o.decoderResult().isFailure()) {
        fail(new InvalidResponse(o.decoderResult().cause(), firstBytes.bytes()));
        return;
      }
      if (message instanceof HttpResponse response) {
        int status = response.status().code();
        // 100 Continue, 102, 103 Early Hints: a final response follows on the same connection.
        informational = status >= 100 && status < 200 && status != 101;
        if (!informational) {
          headRead = true;
          listener.head(status, response.headers());
        }
      }
      if (message instanceof HttpContent content && !informational) {
        ByteBuf bytes = content.content();
        if (bytes.isReadable() && listener.body(bytes)) {
          finish(firstBytes.lastReadAt());
          return;
        }
      }
      if (message instanceof LastHttpContent) {
        if (informational) {
          informational = false;
        } else {
          finish(firstBytes.lastReadAt());
        }
      }
    } finally {
      ReferenceCountUtil.release(message);
    }
  }

  /**
   * Why the connection ended early: bytes that never made a response head are not HTTP; no bytes at
   * all is a plain close.
   */
  private Throwable closed() {
    byte[] start = firstBytes.bytes();
    return headRead || start.length == 0
        ? NetSocketInternal.CLOSED_EXCEPTION
        : new InvalidResponse(
            new PrematureChannelClosureException("closed before the response head"), start);
  }

  private void finish(long lastByteAt) {
    finished = true;
    close();
    listener.end(lastByteAt);
  }

  private void fail(Throwable cause) {
    if (!finished) {
      finished = true;
      close();
      listener.failed(cause);
    }
  }

  private void close() {
    if (socket != null) {
      NetSocket s = socket;
      socket = null;
      s.close();
    }
  }

  /**
   * Keeps a copy of the first bytes the peer sent, so a reason can quote what came instead of HTTP,
   * and the time of the latest read, before the codec parses it: the last byte's arrival is the
   * read that carried it, not the end of the agent's parsing.
   */
  private static final class FirstBytes extends ChannelInboundHandlerAdapter {
    private static final int KEEP = 48;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream(KEEP);
    private final Listener listener;
    private long lastReadAt;

    FirstBytes(Listener listener) {
      this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
        lastReadAt = System.nanoTime();
        if (seen.size() == 0) {
          listener.answering(lastReadAt);
        }
        int n = Math.min(KEEP - seen.size(), bytes.readableBytes());
        if (n > 0) {
          byte[] copy = new byte[n];
          bytes.getBytes(bytes.readerIndex(), copy);
          seen.write(copy, 0, n);
        }
      }
      ctx.fireChannelRead(msg);
    }

    /** When the latest bytes were read ({@link System#nanoTime}), 0 before any. */
    long lastReadAt() {
      return lastReadAt;
    }

    byte[] bytes() {
      return seen.toByteArray();
    }
  }
}
