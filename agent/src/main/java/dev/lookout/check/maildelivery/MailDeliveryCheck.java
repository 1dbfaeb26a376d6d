package dev.lookout.check.maildelivery;

import dev.lookout.config.CheckSpec;
import dev.lookout.config.HostPort;
import dev.lookout.config.SmtpSettings;
import java.util.Objects;

/**
 * The {@code mail_delivery:} block: send one message through {@code smtp} from {@code from} to
 * {@code to}, then read it back from {@code imap}.
 *
 * @param subject the probe's subject: what real mail looks like, so filters judge it as they would
 * @param inbox the folder delivered mail should land in ({@code INBOX})
 * @param spam the spam folder, or null when not looked at
 * @param authservId whose {@code Authentication-Results} count: that name or its subdomains
 */
public record MailDeliveryCheck(
    SmtpSettings smtp,
    String from,
    String to,
    String subject,
    ImapSettings imap,
    String inbox,
    String spam,
    String authservId,
    MailDeliveryExpect expect)
    implements CheckSpec {
  public static final String DEFAULT_SUBJECT = "Lookout delivery probe";

  public MailDeliveryCheck {
    Objects.requireNonNull(smtp, "smtp");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(imap, "imap");
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(authservId, "authservId");
    Objects.requireNonNull(expect, "expect");
  }

  @Override
  public String type() {
    return "mail_delivery";
  }

  /** {@code smtp.postmarkapp.com:587 → lookout-probe@example-inbox.com}: servers and addresses. */
  @Override
  public String where() {
    return HostPort.format(smtp.host(), smtp.port()) + " → " + to;
  }

  /** The folders in the order they are searched, with their roles. */
  public String describeFolders() {
    return spam == null ? inbox : inbox + " or " + spam;
  }

  /** Servers and addresses only: the logins and passwords never appear. */
  @Override
  public String toString() {
    return "MailDeliveryCheck[" + smtp + " → " + to + ", " + imap + "]";
  }
}
