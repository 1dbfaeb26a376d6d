package dev.lookout.check.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Splits "connected" into TCP connect and TLS handshake. Vert.x reports a TLS connection only once
 * the handshake is done; Netty begins the handshake the moment TCP connects. So each client engine
 * notes when {@code beginHandshake} ran and leaves that time in its {@link SSLSession}, where the
 * probe reads it back ({@link #handshakeStartNanos}); a {@link Listener} hears the start as it
 * happens, so a probe still waiting knows its TCP connect is done and the handshake is what stalls.
 * Plugged in through Vert.x's public SSL-engine SPI; everything else is delegated to the JDK engine
 * Vert.x would have used.
 */
final class HandshakeClock extends JdkSSLEngineOptions {
  private static final String KEY = "dev.lookout.handshakeStartNanos";

  /** Hears that a client engine began a handshake with a peer, named as the client named it. */
  interface Listener {
    void began(String peerHost, int peerPort);
  }

  private final Listener listener;

  HandshakeClock() {
    this((host, port) -> {});
  }

  HandshakeClock(Listener listener) {
    this.listener = listener;
  }

  HandshakeClock(HandshakeClock other) {
    super(other);
    this.listener = other.listener;
  }

  /**
   * What a client engine saw of its handshake: when it began, and how long it waited for the
   * server. Filed in the engine's {@link SSLSession} under {@link #KEY}.
   */
  static final class Timing {
    private volatile long startedNanos = -1;
    private volatile long serverNanos;
    private volatile boolean finished;
    // Engine calls come from one event loop at a time; these are only touched there.
    private long flightSentNanos = -1;

    /** When the handshake began, or -1. */
    long startedNanos() {
      return startedNanos;
    }

    /**
     * The time the handshake spent waiting for the server, summed over its round trips: from the
     * moment the client's flight was ready (ClientHello; in TLS 1.2 also Finished) to the first
     * bytes of the server's answer. The client's own work (key shares, certificate path building,
     * signature checks) is left out: that is the agent's cost, not the target's; -1 until the
     * handshake finished.
     */
    long serverNanos() {
      return finished ? serverNanos : -1;
    }

    void wrapped(SSLEngineResult r) {
      if (!finished && r.bytesProduced() > 0) {
        flightSentNanos = System.nanoTime();
      }
      finishedIf(r);
    }

    void unwrapped(long enteredNanos, SSLEngineResult r) {
      if (!finished && r.bytesConsumed() > 0 && flightSentNanos >= 0) {
        serverNanos += Math.max(0, enteredNanos - flightSentNanos);
        flightSentNanos = -1;
      }
      finishedIf(r);
    }

    private void finishedIf(SSLEngineResult r) {
      if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
        finished = true;
      }
    }
  }

  /** The handshake timing of the connection this engine runs, or null if unknown. */
  static Timing timing(SSLEngine engine) {
    return engine instanceof TimedEngine timed ? timed.timing : null;
  }

  /** The handshake timing of this session's connection, or null if unknown. */
  static Timing timing(SSLSession session) {
    return session != null && session.getValue(KEY) instanceof Timing t ? t : null;
  }

  /** When the TLS handshake of this session's connection began, or -1 if unknown. */
  static long handshakeStartNanos(SSLSession session) {
    Timing t = timing(session);
    return t == null ? -1 : t.startedNanos();
  }

  /**
   * When TCP was up on a connection that started connecting at {@code connectStart} and was ready
   * (handshake included) at {@code ready}: the handshake's start for TLS ({@code session}
   * non-null), else {@code ready}.
   */
  static long tcpDoneNanos(SSLSession session, long connectStart, long ready) {
    long tlsStart = handshakeStartNanos(session);
    return tlsStart >= connectStart && tlsStart <= ready ? tlsStart : ready;
  }

  /**
   * The handshake's time as the target's: its waits for the server when the engine saw them, else
   * everything from {@code tcpDone} to {@code ready}.
   */
  static long tlsNanos(SSLSession session, long tcpDone, long ready) {
    return tlsNanos(timing(session), tcpDone, ready);
  }

  static long tlsNanos(Timing t, long tcpDone, long ready) {
    long server = t == null ? -1 : t.serverNanos();
    return server >= 0 ? server : ready - tcpDone;
  }

  @Override
  public HandshakeClock copy() {
    return new HandshakeClock(this);
  }

  @Override
  public SslContextFactory sslContextFactory() {
    SslContextFactory jdk = super.sslContextFactory();
    return new SslContextFactory() {
      @Override
      public SslContextFactory useAlpn(boolean useAlpn) {
        jdk.useAlpn(useAlpn);
        return this;
      }

      @Override
      public SslContextFactory clientAuth(ClientAuth clientAuth) {
        jdk.clientAuth(clientAuth);
        return this;
      }

      @Override
      public SslContextFactory forClient(boolean forClient) {
        jdk.forClient(forClient);
        return this;
      }

      @Override
      public SslContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
        jdk.keyMananagerFactory(kmf);
        return this;
      }

      @Override
      public SslContextFactory trustManagerFactory(TrustManagerFactory tmf) {
        jdk.trustManagerFactory(tmf);
        return this;
      }

      @Override
      public SslContextFactory enabledCipherSuites(Set<String> suites) {
        jdk.enabledCipherSuites(suites);
        return this;
      }

      @Override
      public SslContextFactory applicationProtocols(List<String> protocols) {
        jdk.applicationProtocols(protocols);
        return this;
      }

      @Override
      public SslContextFactory serverName(String serverName) {
        jdk.serverName(serverName);
        return this;
      }

      @Override
      public SslContext create() throws SSLException {
        return new TimedContext(jdk.create(), listener);
      }
    };
  }

  /** A Netty context whose client engines remember when their handshake began. */
  private static final class TimedContext extends SslContext {
    private final SslContext delegate;
    private final Listener listener;

    TimedContext(SslContext delegate, Listener listener) {
      this.delegate = delegate;
      this.listener = listener;
    }

    @Override
    public boolean isClient() {
      return delegate.isClient();
    }

    @Override
    public List<String> cipherSuites() {
      return delegate.cipherSuites();
    }

    @Override
    @SuppressWarnings("deprecation")
    public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
      return delegate.applicationProtocolNegotiator();
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc) {
      return wrap(delegate.newEngine(alloc), null, -1);
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
      return wrap(delegate.newEngine(alloc, peerHost, peerPort), peerHost, peerPort);
    }

    private SSLEngine wrap(SSLEngine engine, String peerHost, int peerPort) {
      return delegate.isClient() ? new TimedEngine(engine, peerHost, peerPort, listener) : engine;
    }

    @Override
    public SSLSessionContext sessionContext() {
      return delegate.sessionContext();
    }
  }

  /**
   * Delegates everything; notes the start of the handshake and its waits for the server, and files
   * them in the session.
   */
  private static final class TimedEngine extends ForwardingSslEngine {
    private final String peerHost;
    private final int peerPort;
    private final Listener listener;
    private final Timing timing = new Timing();

    TimedEngine(SSLEngine delegate, String peerHost, int peerPort, Listener listener) {
      super(delegate);
      this.peerHost = peerHost;
      this.peerPort = peerPort;
      this.listener = listener;
    }

    @Override
    public void beginHandshake() throws SSLException {
      if (timing.startedNanos < 0) {
        timing.startedNanos = System.nanoTime();
        if (peerHost != null) {
          listener.began(peerHost, peerPort);
        }
      }
      super.beginHandshake();
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst)
        throws SSLException {
      SSLEngineResult r = super.wrap(srcs, offset, length, dst);
      timing.wrapped(r);
      return r;
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length)
        throws SSLException {
      long entered = System.nanoTime();
      SSLEngineResult r = super.unwrap(src, dsts, offset, length);
      timing.unwrapped(entered, r);
      return r;
    }

    @Override
    public SSLSession getSession() {
      SSLSession session = super.getSession();
      // Always this engine's own: a TLS 1.3 session resumed from a ticket (nginx sends two) carries
      // the values of the connection that got the ticket, and their handshake is not this one.
      if (timing.startedNanos >= 0 && session != null && session.getValue(KEY) != timing) {
        session.putValue(KEY, timing);
      }
      return session;
    }
  }
}
