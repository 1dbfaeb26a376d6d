package dev.lookout.check.maildelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lookout.alert.notify.email.EmailConfig;
import dev.lookout.config.Config;
import dev.lookout.config.ConfigError;
import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.SmtpSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailDeliveryCheckParserTest {
  static final String IMAP = "imap: {host: imap.example-inbox.com, username: u, password: p}";

  private static Config load(String text, Map<String, String> env, Path dir)
      throws ConfigException {
    return new ConfigLoader(env::get).parse("lookout.yaml", dir, text);
  }

  private static String target(String block, String expect) {
    return "targets:\n  - name: reset-mail\n    mail_delivery: "
        + block
        + "\n"
        + (expect == null ? "" : "    expect: " + expect + "\n");
  }

  private static MailDeliveryCheck parse(String block, String expect) throws ConfigException {
    return (MailDeliveryCheck)
        load(target(block, expect), Map.of(), Path.of(".")).targets().get(0).check();
  }

  private static List<String> errors(String text) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> load(text, Map.of(), Path.of(".")));
    assertThat(e).as("config should be rejected").isNotNull();
    return e.errors().stream().map(ConfigError::toString).toList();
  }

  @Test
  void theIssuesExampleLoads(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("inbox"), "inbox-secret\n");
    String text =
        "targets:\n"
            + "  - name: reset-mail\n"
            + "    interval: 15m\n"
            + "    timeout: 5m\n"
            + "    mail_delivery:\n"
            + "      smtp: {host: smtp.postmarkapp.com, port: 587, starttls: required,"
            + " username: \"${PM_TOKEN}\", password: \"${PM_TOKEN}\"}\n"
            + "      from: \"no-reply@example.com\"\n"
            + "      to: \"lookout-probe@example-inbox.com\"\n"
            + "      subject: \"Reset your password\"\n"
            + "      imap: {host: imap.example-inbox.com, port: 993, tls: implicit,"
            + " username: \"${INBOX_USER}\", password_file: inbox}\n"
            + "      folders: {inbox: INBOX, spam: \"[Gmail]/Spam\"}\n"
            + "    expect:\n"
            + "      delivered_within: 2m\n"
            + "      in_inbox: true\n"
            + "      spf: pass\n"
            + "      dkim: pass\n"
            + "      dmarc: pass\n";
    Config c = load(text, Map.of("PM_TOKEN", "pm-token", "INBOX_USER", "probe"), dir);
    MailDeliveryCheck m = (MailDeliveryCheck) c.targets().get(0).check();
    assertThat(m.smtp())
        .isEqualTo(
            new SmtpSettings(
                "smtp.postmarkapp.com",
                587,
                false,
                SmtpSettings.StartTls.REQUIRED,
                "pm-token",
                "pm-token"));
    assertThat(m.imap())
        .isEqualTo(
            new ImapSettings(
                "imap.example-inbox.com", 993, ImapSettings.Tls.IMPLICIT, "probe", "inbox-secret"));
    assertThat(m.from()).isEqualTo("no-reply@example.com");
    assertThat(m.to()).isEqualTo("lookout-probe@example-inbox.com");
    assertThat(m.subject()).isEqualTo("Reset your password");
    assertThat(m.inbox()).isEqualTo("INBOX");
    assertThat(m.spam()).isEqualTo("[Gmail]/Spam");
    assertThat(m.authservId()).isEqualTo("example-inbox.com");
    assertThat(m.expect())
        .isEqualTo(
            new MailDeliveryExpect(
                Duration.ofMinutes(2), true, Set.of("pass"), Set.of("pass"), Set.of("pass")));
    assertThat(m.toString()).doesNotContain("pm-token").doesNotContain("inbox-secret");
    assertThat(m.where()).isEqualTo("smtp.postmarkapp.com:587 → lookout-probe@example-inbox.com");
    assertThat(m.type()).isEqualTo("mail_delivery");
  }

  @Test
  void defaultsAreTheNotifiersAndImplicitTlsForImap() throws Exception {
    MailDeliveryCheck m =
        parse(
            "{smtp: {host: smtp.example.com}, from: a@example.com, to: b@example.net, "
                + IMAP
                + "}",
            null);
    assertThat(m.smtp())
        .isEqualTo(
            new SmtpSettings(
                "smtp.example.com", 587, false, SmtpSettings.StartTls.REQUIRED, null, null));
    assertThat(m.imap().port()).isEqualTo(993);
    assertThat(m.subject()).isEqualTo(MailDeliveryCheck.DEFAULT_SUBJECT);
    assertThat(m.inbox()).isEqualTo("INBOX");
    assertThat(m.spam()).isNull();
    assertThat(m.expect()).isEqualTo(MailDeliveryExpect.DEFAULT);
    MailDeliveryCheck ssl =
        parse(
            "{smtp: {host: smtp.example.com, port: 465}, from: a@example.com, to: b@example.net,"
                + " imap: {host: mail.example.net, tls: starttls, username: u, password: p},"
                + " authserv_id: MX.Example.Net}",
            "{spf: [pass, softfail]}");
    assertThat(ssl.smtp().implicitTls()).isTrue();
    assertThat(ssl.smtp().starttls()).isEqualTo(SmtpSettings.StartTls.DISABLED);
    assertThat(ssl.imap().port()).isEqualTo(143);
    assertThat(ssl.authservId()).isEqualTo("mx.example.net");
    assertThat(ssl.expect().spf()).containsExactlyInAnyOrder("pass", "softfail");
  }

  /** One parser for both: the same block reads the same, and is wrong in the same words. */
  @Test
  void theSmtpBlockIsTheEmailNotifiersBlock() throws Exception {
    String smtp =
        "{host: smtp.example.com, port: 2525, implicit_tls: false, starttls: optional,"
            + " username: lookout, password: pw}";
    Config c =
        load(
            "notifiers:\n  mail:\n    type: email\n    smtp: "
                + smtp
                + "\n    from: a@example.com\n    to: b@example.com\n"
                + target(
                    "{smtp: " + smtp + ", from: a@example.com, to: b@example.net, " + IMAP + "}",
                    null),
            Map.of(),
            Path.of("."));
    EmailConfig email = (EmailConfig) c.notifiers().get("mail");
    SmtpSettings mine = ((MailDeliveryCheck) c.targets().get(0).check()).smtp();
    assertThat(
            new SmtpSettings(
                email.host(),
                email.port(),
                email.implicitTls(),
                SmtpSettings.StartTls.valueOf(email.starttls().name()),
                email.username(),
                email.password()))
        .isEqualTo(mine);

    String bad = "{host: \"smtp.example.com\\r\\nRSET\", prot: 25, starttls: always}";
    List<String> errors =
        errors(
            "notifiers:\n  mail:\n    type: email\n    smtp: "
                + bad
                + "\n    from: a@example.com\n    to: b@example.com\n"
                + target(
                    "{smtp: " + bad + ", from: a@example.com, to: b@example.net, " + IMAP + "}",
                    null));
    List<String> notifier =
        errors.stream()
            .filter(e -> e.contains("notifiers.mail.smtp"))
            .map(
                e ->
                    e.replaceFirst("^lookout.yaml:\\d+:\\d+: ", "")
                        .replace("notifiers.mail.smtp", "SMTP"))
            .toList();
    List<String> check =
        errors.stream()
            .filter(e -> e.contains("mail_delivery.smtp"))
            .map(
                e ->
                    e.replaceFirst("^lookout.yaml:\\d+:\\d+: ", "")
                        .replace("target \"reset-mail\".mail_delivery.smtp", "SMTP"))
            .toList();
    assertThat(notifier).hasSize(3).isEqualTo(check);
  }

  @Test
  void mistakesAreReportedTogetherWithTheirPlaces() {
    List<String> errors =
        errors(
            target(
                "{smtp: {host: smtp.example.com}, from: \"a b@example.com\", to: nobody,"
                    + " imap: {host: imap.example.net, tls: none, username: u}, foldres: {}}",
                "{spf: sure, delivered_within: 0s}"));
    assertThat(errors)
        .anyMatch(
            e -> e.contains("mail_delivery.from: \"a b@example.com\" is not a plain mail address"))
        .anyMatch(e -> e.contains("mail_delivery.to: \"nobody\" is not a plain mail address"))
        .anyMatch(e -> e.contains("mail_delivery.imap needs \"password\" (or \"password_file\")"))
        .anyMatch(
            e ->
                e.contains(
                    "mail_delivery.imap.tls: \"none\" sends the password in the clear and is only"
                        + " for loopback tests"))
        .anyMatch(
            e ->
                e.contains(
                    "unknown key \"foldres\" in target \"reset-mail\".mail_delivery (did you mean \"folders\"?)"))
        .anyMatch(
            e ->
                e.contains(
                    "expect.spf: \"sure\" is not one of pass, fail, softfail, neutral, none,"
                        + " temperror, permerror"))
        .anyMatch(e -> e.contains("delivered_within"));
  }

  @Test
  void missingBlocksAreNamed() {
    assertThat(errors(target("{from: a@example.com, to: b@example.net}", null)))
        .anyMatch(
            e ->
                e.endsWith(
                    "target \"reset-mail\".mail_delivery needs an \"smtp\" block (host, port, starttls, username, password)"))
        .anyMatch(
            e ->
                e.endsWith(
                    "target \"reset-mail\".mail_delivery needs an \"imap\" block (host, port, tls, username, password)"));
  }

  @Test
  void theReceivingDomainIsTheImapHostsParent() {
    assertThat(MailDeliveryCheckParser.domainOf("imap.example-inbox.com"))
        .isEqualTo("example-inbox.com");
    assertThat(MailDeliveryCheckParser.domainOf("example.com")).isEqualTo("example.com");
    assertThat(MailDeliveryCheckParser.domainOf("127.0.0.1")).isEqualTo("127.0.0.1");
  }
}
