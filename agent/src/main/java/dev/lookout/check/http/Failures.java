package dev.lookout.check.http;

import dev.lookout.config.Durations;
import dev.lookout.probe.Text;
import dev.lookout.probe.TlsFailures;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.NotSslRecordException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Words a person can act on for what went wrong during a phase with a peer. */
public final class Failures {
  private Failures() {}

  public static String describe(Throwable e, String phase, String peer, Duration timeout) {
    return describe(e, phase, null, peer, timeout);
  }

  /**
   * As {@link #describe(Throwable, String, String, Duration)}, with the host the URL names: a TLS
   * handshake failure is about that name's certificate, so it names the host, and the address when
   * it is another ({@code TLS handshake with api.shop.test (127.0.0.1:8443) failed: …}).
   */
  public static String describe(
      Throwable e, String phase, String host, String peer, Duration timeout) {
    if (e instanceof FreshExchange.InvalidResponse invalid) {
      return peer
          + " did not answer with valid HTTP: "
          + InvalidHttp.describe(invalid.getCause(), invalid.start());
    }
    if (InvalidHttp.fromDecoder(e)) {
      return peer + " did not answer with valid HTTP: " + InvalidHttp.describe(e, new byte[0]);
    }
    Throwable root = e;
    while (root.getCause() != null
        && root.getCause() != root
        && !(root instanceof SSLHandshakeException)) {
      root = root.getCause();
    }
    if (e instanceof ConnectTimeoutException || root instanceof ConnectTimeoutException) {
      return "connect to " + peer + " timed out after " + Durations.human(timeout);
    }
    if (root instanceof ConnectException || e instanceof ConnectException) {
      String msg = String.valueOf(root.getMessage()).toLowerCase(java.util.Locale.ROOT);
      return msg.contains("refused")
          ? "connect to " + peer + " refused"
          : "connect to " + peer + " failed: " + clean(root.getMessage(), peer);
    }
    if (root instanceof NoRouteToHostException) {
      return "no route to " + peer;
    }
    if (root instanceof NotSslRecordException || e instanceof NotSslRecordException) {
      return peer + " does not speak TLS";
    }
    if (e instanceof SSLHandshakeException || root instanceof SSLException) {
      return "TLS handshake with " + named(host, peer) + " failed: " + TlsFailures.describe(e);
    }
    if (e instanceof TimeoutException || root instanceof TimeoutException) {
      return timedOut(phase, peer, timeout);
    }
    if (e instanceof HttpClosedException
        || (e instanceof VertxException && String.valueOf(e.getMessage()).contains("closed"))) {
      return peer + " closed the connection " + during(phase);
    }
    if (root instanceof IOException && String.valueOf(root.getMessage()).contains("reset")) {
      return peer + " reset the connection " + during(phase);
    }
    return phaseName(phase) + " with " + peer + " failed: " + words(e);
  }

  /** {@code peer}, after the host when the URL names the server by another name than it. */
  private static String named(String host, String peer) {
    return host == null || host.isEmpty() || peer.startsWith(host + ":")
        ? peer
        : Text.printable(host, 100) + " (" + peer + ")";
  }

  private static String phaseName(String phase) {
    return switch (phase) {
      case "dns" -> "DNS lookup";
      case "tls" -> "TLS handshake";
      case "ttfb" -> "waiting for the response";
      case "head" -> "reading the response headers";
      case "transfer" -> "reading the body";
      default -> phase;
    };
  }

  /** A message for an exception we have no words of our own for: never a bare class name. */
  private static String words(Throwable e) {
    Throwable t = innermost(e);
    String message = t.getMessage() == null ? e.getMessage() : t.getMessage();
    if (message == null || message.isBlank()) {
      return "unexpected error";
    }
    return Text.printable(clean(message, ""), 300);
  }

  public static String timedOut(String phase, String peer, Duration timeout) {
    String after = " within " + Durations.human(timeout);
    return switch (phase) {
      case "dns" -> "DNS lookup did not finish" + after;
      case "connect" -> "connect to " + peer + " did not complete" + after;
      case "tls" -> "TLS handshake with " + peer + " did not complete" + after;
      case "ttfb" -> "no response from " + peer + after + " (waiting for the first byte)";
      case "head" -> "the response headers from " + peer + " did not finish" + after;
      default -> "body from " + peer + " did not finish" + after;
    };
  }

  private static String during(String phase) {
    return switch (phase) {
      case "connect", "tls" -> "during the handshake";
      case "ttfb" -> "before sending a response";
      case "head" -> "before the response headers were complete";
      default -> "before the body was complete";
    };
  }

  private static Throwable innermost(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** Drops Netty's "annotated" address suffixes so the peer is named once, our way. */
  private static String clean(String message, String peer) {
    if (message == null) {
      return "unknown error";
    }
    int colon = message.indexOf(": /");
    String m = colon > 0 ? message.substring(0, colon) : message;
    return Text.shorten(m, 300);
  }
}
