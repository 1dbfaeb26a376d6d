package dev.lookout.alert.notify.email;

import dev.lookout.alert.Notifier;
import dev.lookout.alert.NotifierContext;
import dev.lookout.alert.NotifierType;
import dev.lookout.config.NotifierBlock;
import dev.lookout.config.NotifierConfig;
import java.util.List;

/**
 * {@code type: email}: an {@code smtp} block (host, port, implicit_tls, starttls, username,
 * password), {@code from}, {@code to} and {@code cc}. Port 465 means TLS from the first byte unless
 * {@code implicit_tls} says otherwise; STARTTLS is then off, else required.
 */
public final class EmailType implements NotifierType<EmailConfig> {
  static final String KEY = "email";

  @Override
  public String type() {
    return KEY;
  }

  @Override
  public NotifierConfig parse(NotifierBlock n) {
    NotifierBlock smtp = n.block("smtp");
    if (smtp == null) {
      n.needs("an \"smtp\" block (host, port, starttls, …)");
    }
    String host =
        smtp == null ? null : smtp.has("host") ? smtp.word("host") : smtp.required("host");
    int port = 587;
    EmailConfig.StartTls starttls = EmailConfig.StartTls.REQUIRED;
    String username = null;
    String password = null;
    boolean implicitTls = false;
    if (smtp != null) {
      port = smtp.integer("port", 587, 1, 65535);
      implicitTls = smtp.bool("implicit_tls", port == 465);
      starttls =
          smtp.choice(
              "starttls",
              implicitTls ? EmailConfig.StartTls.DISABLED : EmailConfig.StartTls.REQUIRED,
              EmailConfig.StartTls.class);
      username = smtp.line("username");
      password = smtp.secretLine("password");
      smtp.finish();
    }
    String from = n.has("from") ? n.address("from") : n.required("from");
    List<String> to = n.addresses("to");
    if (to.isEmpty() && !n.has("to")) {
      n.needs("\"to\" (one or more addresses)");
    }
    List<String> cc = n.addresses("cc");
    NotifierConfig.Delivery d = n.delivery();
    if (host == null || from == null || to.isEmpty()) {
      return null;
    }
    return new EmailConfig(
        n.name(), host, port, starttls, implicitTls, username, password, from, to, cc, d);
  }

  @Override
  public Class<EmailConfig> configType() {
    return EmailConfig.class;
  }

  @Override
  public Notifier create(EmailConfig config, NotifierContext context) {
    return new EmailNotifier(context.vertx(), config, context.agentLabels()).links(context.links());
  }
}
