package dev.lookout.check.tls;

import dev.lookout.config.Durations;
import dev.lookout.config.HostPort;
import dev.lookout.probe.Attempt;
import dev.lookout.probe.CertificateChain;
import dev.lookout.probe.Text;
import dev.lookout.probe.TlsFailures;
import dev.lookout.probe.dns.DnsValues;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.NotSslRecordException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * One connection to one address: TCP connect, the STARTTLS dialogue when asked, then a handshake
 * that trusts anything, so the chain is captured whatever is wrong with it. Never fails its future:
 * a failure is a {@link Handshake} with a reason. Runs on one context; needs no locks.
 */
final class TlsHandshake extends Attempt<TlsHandshake.Handshake> {
  /** What the connection yielded; {@code failure} is null when the handshake completed. */
  record Handshake(
      String address,
      String failure,
      List<X509Certificate> served,
      String protocol,
      String cipher) {
    Handshake {
      served = List.copyOf(served);
    }
  }

  private final NetClient client;
  private final ClientSSLOptions ssl;
  private final TlsCheck check;
  private final InetAddress ip;
  private final String address;
  private final Duration timeout;
  private String phase = "connect";
  private NetSocket socket;

  TlsHandshake(
      Vertx vertx,
      NetClient client,
      ClientSSLOptions ssl,
      TlsCheck check,
      InetAddress ip,
      Duration timeout,
      long startNanos) {
    super(vertx, timeout, startNanos);
    this.client = client;
    this.ssl = ssl;
    this.check = check;
    this.ip = ip;
    this.address = format(ip, check.port());
    this.timeout = timeout;
  }

  static String format(InetAddress ip, int port) {
    return HostPort.format(DnsValues.address(ip), port);
  }

  Future<Handshake> run() {
    Future<Handshake> settled = arm();
    long remaining = remainingMillis();
    ConnectOptions options =
        new ConnectOptions()
            .setRemoteAddress(SocketAddress.inetSocketAddress(check.port(), ip.getHostAddress()))
            .setTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
    client
        .connect(options)
        .compose(this::connected)
        .compose(v -> upgrade())
        .onSuccess(v -> captured())
        .onFailure(e -> finish(failed(describe(e))));
    return settled;
  }

  private Future<Void> connected(NetSocket s) {
    socket = s;
    if (isSettled()) {
      s.close();
      return Future.failedFuture("timed out");
    }
    if (check.starttls() == TlsCheck.StartTls.SMTP) {
      phase = "starttls";
      return SmtpStartTls.negotiate(s);
    }
    return Future.succeededFuture();
  }

  private Future<Void> upgrade() {
    if (isSettled()) {
      return Future.failedFuture("timed out");
    }
    phase = "tls";
    return socket.upgradeToSsl(ssl, check.sni(), null);
  }

  private void captured() {
    SSLSession session = socket.sslSession();
    // Empty after a handshake without a certificate (an anonymous cipher): reported below.
    List<X509Certificate> served = CertificateChain.served(socket::peerCertificates);
    socket.close();
    if (served.isEmpty()) {
      finish(failed("the server sent no certificate"));
      return;
    }
    finish(
        new Handshake(
            address,
            null,
            served,
            session == null ? null : session.getProtocol(),
            session == null ? null : session.getCipherSuite()));
  }

  @Override
  protected void onTimeout() {
    if (socket != null) {
      socket.close();
    }
    String within = " within " + Durations.human(timeout);
    finish(
        failed(
            switch (phase) {
              case "connect" -> "connect did not complete" + within;
              case "starttls" -> "the SMTP STARTTLS dialogue did not complete" + within;
              default -> "TLS handshake did not complete" + within;
            }));
  }

  private Handshake failed(String failure) {
    return new Handshake(address, failure, List.of(), null, null);
  }

  private void finish(Handshake h) {
    if (socket != null && h.failure() != null) {
      socket.close();
    }
    settle(h);
  }

  private String describe(Throwable e) {
    if (e instanceof SmtpStartTls.StartTlsFailed) {
      return e.getMessage();
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof NotSslRecordException) {
        return "port " + check.port() + " does not speak TLS";
      }
      if (t instanceof ConnectTimeoutException) {
        return "connect did not complete within " + Durations.human(timeout);
      }
      if (t instanceof ConnectException) {
        return String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("refused")
            ? "connection refused"
            : "connect failed: " + clean(t.getMessage());
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to the address";
      }
      if (t instanceof SSLException) {
        return "TLS handshake failed: " + TlsFailures.describe(t);
      }
      if (t instanceof ClosedChannelException) {
        return closed();
      }
    }
    String msg = String.valueOf(e.getMessage());
    if (msg.toLowerCase(Locale.ROOT).contains("closed")) {
      return closed();
    }
    return (phase.equals("tls") ? "TLS handshake" : phase) + " failed: " + clean(msg);
  }

  private String closed() {
    return phase.equals("tls")
        ? "the server closed the connection during the TLS handshake"
        : "the server closed the connection";
  }

  /**
   * Drops Netty's address suffix (the address is already in the finding), escapes what the peer may
   * have put there and clips long tails.
   */
  private static String clean(String message) {
    if (message == null) {
      return "unknown error";
    }
    int colon = message.indexOf(": /");
    return Text.printable(colon > 0 ? message.substring(0, colon) : message, 300);
  }
}
