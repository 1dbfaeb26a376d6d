package dev.lookout.check.maildelivery;

import dev.lookout.check.CheckType;
import dev.lookout.check.ProbeContext;
import dev.lookout.check.TargetCheck;
import dev.lookout.config.MapReader;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;

/**
 * The {@code mail_delivery} check: a real message sent through an SMTP server and read back from
 * the recipient's mailbox, judged by how long it took, where it landed and how the receiver
 * authenticated it.
 */
public final class MailDeliveryType
    implements CheckType<MailDeliveryCheck, MailDeliveryObservation> {
  @Override
  public String key() {
    return "mail_delivery";
  }

  @Override
  public Class<MailDeliveryCheck> specClass() {
    return MailDeliveryCheck.class;
  }

  @Override
  public Class<MailDeliveryObservation> observationClass() {
    return MailDeliveryObservation.class;
  }

  @Override
  public MailDeliveryCheck parse(MapReader check, MapReader expect) {
    return new MailDeliveryCheckParser().parse(check, expect);
  }

  @Override
  public Probe probe(ProbeContext context) {
    return new MailDeliveryProbe(context.vertx(), context.clock());
  }

  @Override
  public boolean usesTls(MailDeliveryCheck spec) {
    return spec.smtp().implicitTls()
        || spec.smtp().starttls() != dev.lookout.config.SmtpSettings.StartTls.DISABLED
        || spec.imap().tls() != ImapSettings.Tls.NONE;
  }

  @Override
  public TargetCheck<MailDeliveryObservation> target(Target target, MailDeliveryCheck spec) {
    return new MailDeliveryTarget(spec);
  }
}
