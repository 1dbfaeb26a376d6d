package dev.lookout.alert.notify.email;

import dev.lookout.alert.Notifier;
import dev.lookout.alert.NotifierContext;
import dev.lookout.alert.NotifierType;
import dev.lookout.config.NotifierBlock;
import dev.lookout.config.NotifierConfig;
import dev.lookout.config.SmtpSettings;
import java.util.List;

/**
 * {@code type: email}: an {@code smtp} block (read by {@link SmtpSettings}, as the mail delivery
 * check reads its own), {@code from}, {@code to} and {@code cc}.
 */
public final class EmailType implements NotifierType<EmailConfig> {
  static final String KEY = "email";

  @Override
  public String type() {
    return KEY;
  }

  @Override
  public NotifierConfig parse(NotifierBlock n) {
    NotifierBlock block = n.block("smtp");
    if (block == null) {
      n.needs("an \"smtp\" block (host, port, starttls, …)");
    }
    SmtpSettings smtp = block == null ? null : block.smtp();
    String from = n.has("from") ? n.address("from") : n.required("from");
    List<String> to = n.addresses("to");
    if (to.isEmpty() && !n.has("to")) {
      n.needs("\"to\" (one or more addresses)");
    }
    List<String> cc = n.addresses("cc");
    NotifierConfig.Delivery d = n.delivery();
    if (smtp == null || from == null || to.isEmpty()) {
      return null;
    }
    return new EmailConfig(
        n.name(),
        smtp.host(),
        smtp.port(),
        EmailConfig.StartTls.valueOf(smtp.starttls().name()),
        smtp.implicitTls(),
        smtp.username(),
        smtp.password(),
        from,
        to,
        cc,
        d);
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
