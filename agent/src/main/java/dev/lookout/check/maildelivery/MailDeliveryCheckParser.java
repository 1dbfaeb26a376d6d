package dev.lookout.check.maildelivery;

import dev.lookout.config.MailAddress;
import dev.lookout.config.MapReader;
import dev.lookout.config.SmtpSettings;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code mail_delivery:} and its expectations. The {@code smtp} block is the email
 * notifier's, read by the same {@link SmtpSettings#read}.
 */
public final class MailDeliveryCheckParser {

  public MailDeliveryCheck parse(MapReader m, MapReader e) {
    SmtpSettings smtp = smtp(m);
    String from = m.has("from") ? MailAddress.read(m, "from") : m.required("from");
    String to = m.has("to") ? MailAddress.read(m, "to") : m.required("to");
    String subject = m.line("subject");
    ImapSettings imap = imap(m);
    String inbox = "INBOX";
    String spam = null;
    MapReader folders = m.map("folders");
    if (folders != null) {
      inbox = folders.has("inbox") ? folders.line("inbox") : inbox;
      spam = folders.line("spam");
      folders.finish();
    }
    String authservId = m.word("authserv_id");
    m.finish();
    MailDeliveryExpect expect = expect(e);
    e.finish();
    if (smtp == null || from == null || to == null || imap == null || inbox == null) {
      return null;
    }
    return new MailDeliveryCheck(
        smtp,
        from,
        to,
        subject == null ? MailDeliveryCheck.DEFAULT_SUBJECT : subject,
        imap,
        inbox,
        spam,
        authservId == null ? domainOf(imap.host()) : authservId.toLowerCase(Locale.ROOT),
        expect);
  }

  private static SmtpSettings smtp(MapReader m) {
    MapReader block = m.map("smtp");
    if (block == null) {
      m.error(m.where() + " needs an \"smtp\" block (host, port, starttls, username, password)");
      return null;
    }
    return SmtpSettings.read(block);
  }

  private static ImapSettings imap(MapReader m) {
    MapReader block = m.map("imap");
    if (block == null) {
      m.error(m.where() + " needs an \"imap\" block (host, port, tls, username, password)");
      return null;
    }
    String host = block.has("host") ? block.word("host") : block.required("host");
    ImapSettings.Tls tls =
        block.parsed("tls", ImapSettings.Tls.IMPLICIT, MailDeliveryCheckParser::tls);
    int port = block.integer("port", tls.defaultPort(), 1, 65535);
    String username = block.has("username") ? block.line("username") : block.required("username");
    String password = block.secretLine("password");
    if (password == null && !block.has("password") && !block.has("password_file")) {
      block.error(block.where() + " needs \"password\" (or \"password_file\")");
    }
    block.finish();
    if (host != null && tls == ImapSettings.Tls.NONE && !loopback(host)) {
      block.error(
          "tls",
          block.describe("tls")
              + ": \"none\" sends the password in the clear and is only for loopback tests"
              + " (127.0.0.1, ::1, localhost); use implicit or starttls");
      return null;
    }
    if (host == null || username == null || password == null) {
      return null;
    }
    return new ImapSettings(host, port, tls, username, password);
  }

  private static ImapSettings.Tls tls(String text) {
    for (ImapSettings.Tls t : ImapSettings.Tls.values()) {
      if (t.name().equalsIgnoreCase(text.trim())) {
        return t;
      }
    }
    throw new IllegalArgumentException("\"" + text + "\" is not one of implicit, starttls, none");
  }

  static boolean loopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
  }

  /**
   * The receiving domain an IMAP host stands for: {@code imap.example-inbox.com} → {@code
   * example-inbox.com}; a two-label name or an address as it is.
   */
  static String domainOf(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.indexOf(':') >= 0 || h.matches("[0-9.]+")) {
      return h;
    }
    String[] labels = h.split("\\.");
    return labels.length >= 3 ? h.substring(h.indexOf('.') + 1) : h;
  }

  private static MailDeliveryExpect expect(MapReader e) {
    Duration within =
        e.has("delivered_within") ? e.positiveDuration("delivered_within", null) : null;
    boolean inInbox = e.bool("in_inbox", true);
    return new MailDeliveryExpect(
        within,
        inInbox,
        results(e, AuthMethod.SPF),
        results(e, AuthMethod.DKIM),
        results(e, AuthMethod.DMARC));
  }

  private static Set<String> results(MapReader e, AuthMethod method) {
    List<String> valid = method.results();
    List<String> given =
        e.list(
            method.key(),
            text -> {
              String r = text.trim().toLowerCase(Locale.ROOT);
              if (!valid.contains(r)) {
                throw new IllegalArgumentException(
                    "\"" + text + "\" is not one of " + String.join(", ", valid));
              }
              return r;
            });
    return new LinkedHashSet<>(given);
  }
}
