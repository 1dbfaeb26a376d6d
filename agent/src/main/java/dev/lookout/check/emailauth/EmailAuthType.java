package dev.lookout.check.emailauth;

import dev.lookout.check.CheckType;
import dev.lookout.check.ProbeContext;
import dev.lookout.check.TargetCheck;
import dev.lookout.config.MapReader;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;

/** The {@code email_auth} check: a domain's SPF, DKIM, DMARC and MX records, analysed. */
public final class EmailAuthType implements CheckType<EmailAuthCheck, MailRecords> {
  @Override
  public String key() {
    return "email_auth";
  }

  @Override
  public Class<EmailAuthCheck> specClass() {
    return EmailAuthCheck.class;
  }

  @Override
  public Class<MailRecords> observationClass() {
    return MailRecords.class;
  }

  @Override
  public EmailAuthCheck parse(MapReader check, MapReader expect) {
    return new EmailAuthCheckParser().parse(check, expect);
  }

  @Override
  public Probe probe(ProbeContext context) {
    return new EmailAuthProbe(context.vertx(), context.dns());
  }

  @Override
  public boolean usesTls(EmailAuthCheck spec) {
    return false;
  }

  @Override
  public TargetCheck<MailRecords> target(Target target, EmailAuthCheck spec) {
    return new EmailAuthTarget(spec);
  }
}
