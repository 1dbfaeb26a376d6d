package dev.lookout.check.maildelivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.SmtpSettings;
import dev.lookout.evaluate.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The judgement of a delivered message, without servers: wording and edge cases. */
class MailDeliveryEvaluatorTest {
  static MailDeliveryCheck check(MailDeliveryExpect expect) {
    return new MailDeliveryCheck(
        new SmtpSettings("smtp.esp.net", 587, false, SmtpSettings.StartTls.REQUIRED, "u", "p"),
        "no-reply@example.com",
        "probe@inbox.test",
        "Reset your password",
        new ImapSettings("imap.inbox.test", 993, ImapSettings.Tls.IMPLICIT, "u", "p"),
        "INBOX",
        null,
        "inbox.test",
        expect);
  }

  static MailDeliveryObservation seen(Duration after, String... headers) {
    return new MailDeliveryObservation(
        Instant.EPOCH,
        after,
        after,
        FolderRole.INBOX,
        "INBOX",
        MailAuth.choose(List.of(headers), "inbox.test", "example.com"),
        0);
  }

  static List<String> findings(MailDeliveryExpect e, MailDeliveryObservation o) {
    return MailDeliveryEvaluator.evaluate(check(e), o).stream().map(Finding::message).toList();
  }

  static final Set<String> PASS = Set.of("pass");

  @Test
  void aLateMessageSaysByHowMuch() {
    MailDeliveryExpect e =
        new MailDeliveryExpect(Duration.ofMinutes(2), true, Set.of(), Set.of(), Set.of());
    assertThat(findings(e, seen(Duration.ofSeconds(125))))
        .containsExactly("delivered after 2 min 5 s, expected within 2 min");
    assertThat(findings(e, seen(Duration.ofSeconds(41)))).isEmpty();
  }

  @Test
  void dmarcFailingWithAlignedDomainsNamesTheFailingResults() {
    MailDeliveryExpect e = new MailDeliveryExpect(null, true, Set.of(), Set.of(), PASS);
    assertThat(
            findings(
                e,
                seen(
                    Duration.ofSeconds(3),
                    "mx.inbox.test; spf=fail smtp.mailfrom=bounce.example.com;"
                        + " dkim=none; dmarc=fail header.from=example.com")))
        .containsExactly(
            "dmarc=fail: From domain example.com has no aligned pass (spf=fail"
                + " (smtp.mailfrom=bounce.example.com), dkim=none)");
  }

  @Test
  void aMethodTheReceiverDidNotReportIsSaid() {
    MailDeliveryExpect e = new MailDeliveryExpect(null, true, PASS, PASS, Set.of());
    assertThat(
            findings(
                e,
                seen(Duration.ofSeconds(3), "mx.inbox.test; spf=pass smtp.mailfrom=example.com")))
        .containsExactly("dkim: mx.inbox.test reported no dkim");
    assertThat(findings(e, seen(Duration.ofSeconds(3))))
        .containsExactly("the message has no Authentication-Results header from inbox.test");
  }

  @Test
  void lengthsReadAsAPersonSaysThem() {
    assertThat(MailDeliveryEvaluator.length(Duration.ofMillis(850))).isEqualTo("850 ms");
    assertThat(MailDeliveryEvaluator.length(Duration.ofMillis(41_400))).isEqualTo("41 s");
    assertThat(MailDeliveryEvaluator.length(Duration.ofMinutes(2))).isEqualTo("2 min");
  }
}
