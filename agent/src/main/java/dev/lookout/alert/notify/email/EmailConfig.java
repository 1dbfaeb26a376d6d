package dev.lookout.alert.notify.email;

import dev.lookout.config.NotifierConfig;
import java.util.List;

/** Mail through an SMTP relay; {@code implicitTls} is TLS from the first byte (port 465). */
public record EmailConfig(
    String name,
    String host,
    int port,
    StartTls starttls,
    boolean implicitTls,
    String username,
    String password,
    String from,
    List<String> to,
    List<String> cc,
    Delivery delivery)
    implements NotifierConfig {
  /** How the SMTP connection is secured. */
  public enum StartTls {
    REQUIRED,
    OPTIONAL,
    DISABLED
  }

  public EmailConfig {
    to = List.copyOf(to);
    cc = List.copyOf(cc);
  }

  @Override
  public String type() {
    return EmailType.KEY;
  }

  @Override
  public String toString() {
    return "Email[" + name + " → " + host + ":" + port + "]";
  }
}
