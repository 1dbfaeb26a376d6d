package dev.lookout.alert.notify.email;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.AlertLinks;
import dev.lookout.alert.DeliveryException;
import dev.lookout.alert.Messages;
import dev.lookout.alert.Notification;
import dev.lookout.alert.Notifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Sends mail through an SMTP relay with the Vert.x mail client: a subject to triage from the inbox,
 * a text and an HTML body, and {@code Message-ID: <notification id@lookout>} so a retried
 * notification threads as the same message. Outside text is HTML-escaped in the HTML part and
 * flattened to one line in the subject, so no header can be injected.
 */
public final class EmailNotifier implements Notifier {
  private final EmailConfig config;
  private final Map<String, String> agentLabels;
  private final MailClient client;
  private AlertLinks links = AlertLinks.none();

  public EmailNotifier(Vertx vertx, EmailConfig config, Map<String, String> agentLabels) {
    this(vertx, config, agentLabels, UnaryOperator.identity());
  }

  /** Adds the ack and status links to the mails (the links follow reloads). */
  public EmailNotifier links(AlertLinks links) {
    this.links = links;
    return this;
  }

  /** {@code tweak} adjusts the mail client's options (tests trust a self-signed SMTP server). */
  public EmailNotifier(
      Vertx vertx,
      EmailConfig config,
      Map<String, String> agentLabels,
      UnaryOperator<MailConfig> tweak) {
    this.config = config;
    this.agentLabels = Map.copyOf(agentLabels);
    MailConfig mc =
        new MailConfig()
            .setHostname(config.host())
            .setPort(config.port())
            .setSsl(config.implicitTls())
            .setStarttls(StartTLSOptions.valueOf(config.starttls().name()))
            .setConnectTimeout((int) config.delivery().attemptTimeout().toMillis())
            .setKeepAlive(false);
    if (config.username() != null) {
      mc.setLogin(LoginOption.REQUIRED)
          .setUsername(config.username())
          .setPassword(config.password());
    } else {
      mc.setLogin(LoginOption.DISABLED);
    }
    this.client = MailClient.create(vertx, tweak.apply(mc));
  }

  @Override
  public String name() {
    return config.name();
  }

  /**
   * {@code <incident> <sequence>} per event, comma-separated: a mail client that files by it can
   * tell a late copy from the latest news. Incident names are target names, flattened to one line.
   * A header line must stay short (RFC 5322 §2.1.1): a storm's mail lists what fits, then {@code
   * …}; the webhook and Alertmanager carry every event's number.
   */
  static String sequences(Notification n) {
    StringBuilder out = new StringBuilder();
    for (AlertEvent e : n.events()) {
      String part = Messages.oneLine(e.incident(), 200).replace(",", "%2C") + " " + e.sequence();
      if (out.length() + part.length() > 900) {
        out.append(", …");
        break;
      }
      out.append(out.length() == 0 ? "" : ", ").append(part);
    }
    return out.toString();
  }

  @Override
  public Future<Void> send(Notification n) {
    MailMessage m =
        new MailMessage()
            .setFrom(config.from())
            .setTo(config.to())
            .setSubject(Messages.oneLine(Messages.subject(n), 200))
            .setText(Messages.plainText(n, agentLabels, links))
            .setHtml(html(n, agentLabels, links));
    if (!config.cc().isEmpty()) {
      m.setCc(config.cc());
    }
    m.addHeader("Message-ID", messageId(n));
    m.addHeader("X-Lookout-Notification-Id", n.id());
    if (!n.events().isEmpty()) {
      m.addHeader("X-Lookout-Sequence", sequences(n));
    }
    return client
        .sendMail(m)
        .recover(
            e ->
                Future.failedFuture(
                    new DeliveryException(
                        "email notifier \""
                            + config.name()
                            + "\": "
                            + config.host()
                            + ":"
                            + config.port()
                            + " refused or failed ("
                            + Messages.oneLine(redact(e.getMessage()), 200)
                            + ")")))
        .mapEmpty();
  }

  static String messageId(Notification n) {
    return "<" + n.id() + "@lookout>";
  }

  /** SMTP errors are the server's words; strip anything that looks like our password. */
  private String redact(String message) {
    if (message == null) {
      return "no details";
    }
    String p = config.password();
    return p == null || p.isEmpty() ? message : message.replace(p, "***");
  }

  static String html(Notification n, Map<String, String> agentLabels) {
    return html(n, agentLabels, AlertLinks.none());
  }

  static String html(Notification n, Map<String, String> agentLabels, AlertLinks links) {
    StringBuilder sb =
        new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
    sb.append("<h2>").append(escape(Messages.subject(n))).append("</h2>");
    if (n.test()) {
      sb.append("<p>This is a <b>test notification</b> from Lookout.</p>");
    }
    sb.append("<table cellpadding=\"6\">");
    for (AlertEvent e : n.events()) {
      String color = e.kind() == AlertEvent.Kind.RESOLVED ? "#2e7d32" : "#c62828";
      sb.append("<tr><td style=\"color:")
          .append(color)
          .append("\"><b>")
          .append(escape(Messages.headline(e)))
          .append("</b>");
      if (!e.findings().isEmpty()) {
        sb.append("<ul>");
        Messages.findings(e).forEach(f -> sb.append("<li>").append(escape(f)).append("</li>"));
        sb.append("</ul>");
      }
      String ack = links.ack(e);
      if (ack != null) {
        sb.append("<p><a href=\"").append(escape(ack)).append("\">Acknowledge</a></p>");
      }
      sb.append("</td></tr>");
    }
    sb.append("</table>");
    if (!agentLabels.isEmpty()) {
      sb.append("<p style=\"color:#666\">agent: ")
          .append(escape(Messages.labels(agentLabels)))
          .append("</p>");
    }
    if (links.status() != null) {
      sb.append("<p><a href=\"").append(escape(links.status())).append("\">Status page</a></p>");
    }
    return sb.append("</body></html>").toString();
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
