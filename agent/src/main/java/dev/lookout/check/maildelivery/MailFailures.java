package dev.lookout.check.maildelivery;

import dev.lookout.config.Durations;
import dev.lookout.config.HostPort;
import dev.lookout.config.SmtpSettings;
import dev.lookout.probe.Text;
import dev.lookout.probe.TlsFailures;
import io.vertx.ext.mail.SMTPException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.StoreClosedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Why sending or reading the probe failed, in words that name the phase and the server ({@code SMTP
 * smtp.example.com:587 refused the login: 535 5.7.8 …}). Servers' replies are kept (they say what
 * to fix) with the passwords cut out; Java's exception texts never are.
 */
final class MailFailures {
  private static final int MAX = 200;

  private MailFailures() {}

  /** A failed {@code sendMail}. */
  static String smtp(Throwable e, MailDeliveryCheck check, Duration timeout) {
    SmtpSettings smtp = check.smtp();
    String server = "SMTP " + HostPort.format(smtp.host(), smtp.port());
    String secret = smtp.password();
    if (e instanceof SMTPException se) {
      if (!speaksSmtp(se)) {
        return server + " did not answer in SMTP (its reply is no SMTP status line)";
      }
      String reply = redact(reply(se), secret);
      String what = se.getMessage() == null ? "" : se.getMessage();
      if (what.startsWith("AUTH")) {
        return server + " refused the login: " + reply;
      }
      if (what.startsWith("sender")) {
        return server + " refused the sender " + check.from() + ": " + reply;
      }
      if (what.startsWith("recipient")) {
        return server + " refused the recipient " + check.to() + ": " + reply;
      }
      if (what.startsWith("got error")) {
        return server + " refused the connection: " + reply;
      }
      if (what.startsWith("HELO") || what.startsWith("EHLO")) {
        return server + " refused the greeting (EHLO): " + reply;
      }
      return server + " refused the message: " + reply;
    }
    String common = common(e, server, timeout);
    if (common != null) {
      return common;
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.toLowerCase(java.util.Locale.ROOT).contains("closed")) {
      return server + " closed the connection";
    }
    // The mail client's own words ("login is required, but no allowed AUTH methods available. You
    // may need to do STARTTLS") are plain English and say what to change.
    return server + ": " + redact(Text.oneLine(message, MAX), secret);
  }

  /** A failed IMAP step. */
  static String imap(Throwable e, ImapSettings imap, Duration timeout) {
    String server = "IMAP " + imap.peer();
    if (e instanceof Mailbox.NoSuchFolder f) {
      return server
          + " has no folder \""
          + Text.oneLine(f.getMessage(), 100)
          + "\" (check folders)";
    }
    if (e instanceof AuthenticationFailedException) {
      String said = e.getMessage() == null ? "" : Text.oneLine(e.getMessage(), MAX);
      return server
          + " refused the login"
          + (said.isEmpty() ? "" : ": " + redact(said, imap.password()));
    }
    String common = common(e, server, timeout);
    if (common != null) {
      return common;
    }
    String message = e.getMessage() == null ? "no details" : e.getMessage();
    if (message.startsWith("* BYE")) {
      // The server's goodbye (RFC 9051 §7.1.5) says why, in its own words.
      return server
          + " closed the connection: "
          + redact(Text.oneLine(message.substring(5), MAX), imap.password());
    }
    if (e instanceof StoreClosedException
        || e instanceof FolderClosedException
        || message.startsWith("Connection dropped")) {
      return server + " closed the connection";
    }
    return server + " failed: " + redact(Text.oneLine(message, MAX), imap.password());
  }

  /** Connecting, timing out and TLS, the same for both servers. */
  private static String common(Throwable e, String server, Duration timeout) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnknownHostException) {
        return server + ": the host name does not resolve";
      }
      if (t instanceof ConnectException) {
        return "connect to " + server + " refused";
      }
      if (t instanceof SocketTimeoutException) {
        return server + " did not answer within " + Durations.human(timeout);
      }
      if (t instanceof SSLException) {
        return "TLS with " + server + " failed: " + TlsFailures.describe(t);
      }
    }
    return null;
  }

  /** Whether the reply was an SMTP status line at all (the client reads garbage as a 500). */
  private static boolean speaksSmtp(SMTPException e) {
    List<String> lines = e.getReplyMessages();
    return lines != null
        && !lines.isEmpty()
        && lines.get(0).matches("[2-5][0-9][0-9]([ -].*)?")
        && lines.get(0).chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  /** {@code 535 5.7.8 Authentication credentials invalid}, the reply's lines on one line. */
  private static String reply(SMTPException e) {
    List<String> lines = e.getReplyMessages();
    StringBuilder out = new StringBuilder().append(e.getReplyCode());
    if (lines != null) {
      for (String line : lines) {
        String text =
            line.length() > 4 && Character.isDigit(line.charAt(0)) ? line.substring(4) : line;
        out.append(' ').append(text.strip());
      }
    }
    return Text.oneLine(out.toString(), MAX);
  }

  /** Servers may echo what they were sent; a password never leaves. */
  static String redact(String text, String secret) {
    return secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
  }
}
