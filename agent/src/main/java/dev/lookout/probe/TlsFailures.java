package dev.lookout.probe;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What went wrong in a TLS handshake, in words a person can act on. The JDK's messages are written
 * for its developers ({@code PKIX path building failed: sun.security…}, {@code The size of the
 * handshake message (131844) exceeds the maximum allowed size (32768)}); the http and tls checks
 * both say them this way instead.
 */
public final class TlsFailures {
  private static final Pattern ALERT = Pattern.compile("(?i)received fatal alert: (\\w+)");
  private static final Pattern NO_NAME =
      Pattern.compile("(?i)no (?:subject alternative (?:dns )?names?|name) matching (\\S+) found");

  private TlsFailures() {}

  /** The reason a handshake failed with {@code e} (an {@code SSLException} or its cause). */
  public static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ExplainingTrustManager.CertificateRefused refused) {
        // The served certificate, judged as the tls check judges it: its words, not the JDK's.
        return refused.reason();
      }
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        return "the certificate has expired";
      }
      if (t instanceof CertificateNotYetValidException) {
        return "the certificate is not valid yet";
      }
    }
    String message = innermostMessage(e);
    String m = message.toLowerCase(Locale.ROOT);
    Matcher alert = ALERT.matcher(message);
    if (alert.find()) {
      return alert(alert.group(1).toLowerCase(Locale.ROOT));
    }
    Matcher name = NO_NAME.matcher(message);
    if (name.find()) {
      return "the certificate is not valid for " + Text.printable(name.group(1), 100);
    }
    if (m.contains("no appropriate protocol")) {
      return "no TLS version in common (Java offers TLS 1.2 and 1.3; the server may speak only"
          + " older ones)";
    }
    if (m.contains("pkix path") || m.contains("unable to find valid certification path")) {
      return "the certificate is not trusted (no chain to a root in the trust store or ca_file)";
    }
    if (m.contains("unsupported or unrecognized ssl message")
        || m.contains("not an ssl/tls record")
        || (m.contains("handshake message") && m.contains("exceeds"))
        || m.contains("invalid handshake message")
        || m.contains("unexpected handshake message")
        || m.contains("illegal") && m.contains("record")) {
      return "the server's answer is not a TLS handshake";
    }
    if (m.contains("terminated the handshake")
        || m.contains("closed")
        || m.contains("connection reset")
        || m.contains("end of stream")) {
      return "the server closed the connection during the handshake";
    }
    if (m.contains("timed out")) {
      return "the handshake timed out";
    }
    return Text.printable(message, 200);
  }

  private static String alert(String alert) {
    return switch (alert) {
      case "handshake_failure", "insufficient_security" ->
          "the server refused the handshake (no TLS version or cipher in common)";
      case "protocol_version" -> "the server refused the handshake (no TLS version in common)";
      case "unrecognized_name" -> "the server does not know the name it was asked for (SNI)";
      case "certificate_required" -> "the server requires a client certificate";
      default -> "the server ended the handshake with the alert \"" + alert + "\"";
    };
  }

  /** The message of the innermost cause that has one, without a leading exception class name. */
  private static String innermostMessage(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    if (message == null) {
      return "unknown error";
    }
    // "javax.net.ssl.SSLHandshakeException: …" (a wrapped cause's toString()): keep the words.
    Matcher prefix =
        Pattern.compile("^(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error): ").matcher(message);
    return prefix.find() ? message.substring(prefix.end()) : message;
  }
}
