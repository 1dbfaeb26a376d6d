package dev.lookout.check.maildelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.lookout.check.Judgement;
import dev.lookout.checks.CheckTypes;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.LogCapture;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Promise;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole path on loopback: the probe sends through {@link AuthRelay} (which logs it in, writes
 * the receiver's {@code Authentication-Results} and files the message), then reads it back from
 * GreenMail's IMAP server.
 */
class MailDeliveryProbeTest {
  static final String TO = "probe@inbox.test";
  static final String SMTP_PASSWORD = "smtp-Pa55-7f3c";
  static final String IMAP_PASSWORD = "imap-Pa55-91d2";
  static final String RECEIVER = "mx.inbox.test";

  static final String ALL_PASS =
      "Authentication-Results: mx.inbox.test; spf=pass smtp.mailfrom=bounce.example.com;"
          + " dkim=pass header.d=example.com header.s=s1; dmarc=pass (p=reject)"
          + " header.from=example.com";

  @RegisterExtension static final TestVertx loop = new TestVertx();

  @RegisterExtension
  static final GreenMailExtension mail =
      new GreenMailExtension(
              new ServerSetup[] {
                ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()
              })
          .withConfiguration(GreenMailConfiguration.aConfig().withUser(TO, "probe", IMAP_PASSWORD));

  AuthRelay relay;
  MailDeliveryProbe probe;

  @BeforeEach
  void start() {
    relay = new AuthRelay(loop.vertx(), mail, "sender", SMTP_PASSWORD);
    relay.file(
        GreenMailUtil.newMimeMessage("Subject: make the spam folder\r\n\r\nx\r\n"),
        AuthRelay.Mode.SPAM);
    relay.file(
        GreenMailUtil.newMimeMessage("Subject: not a probe\r\n\r\nx\r\n"), AuthRelay.Mode.INBOX);
    probe = new MailDeliveryProbe(loop.vertx(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    probe.close();
    relay.close();
  }

  static Target target(
      String name, int smtpPort, String smtpPassword, String imapPassword, String expect) {
    return TestTargets.target(
        "name: "
            + name
            + "\ntimeout: 6s\nmail_delivery: {smtp: {host: 127.0.0.1, port: "
            + smtpPort
            + ", starttls: disabled, username: sender, password: \""
            + smtpPassword
            + "\"}, from: no-reply@example.com, to: "
            + TO
            + ", subject: \"Reset your password\", imap: {host: 127.0.0.1, port: "
            + mail.getImap().getPort()
            + ", tls: none, username: probe, password: \""
            + imapPassword
            + "\"}, folders: {inbox: INBOX, spam: "
            + AuthRelay.SPAM_FOLDER
            + "}, authserv_id: "
            + RECEIVER
            + "}\nexpect: "
            + expect);
  }

  Target target(String expect) {
    return target("reset-mail", relay.port(), SMTP_PASSWORD, IMAP_PASSWORD, expect);
  }

  static final String EXPECT_ALL = "{delivered_within: 4s, spf: pass, dkim: pass, dmarc: pass}";

  ProbeResult run(Target t) {
    Promise<ProbeResult> done = Promise.promise();
    loop.vertx().getOrCreateContext().runOnContext(v -> probe.run(t).onComplete(done));
    return TestVertx.await(done.future(), t.timeout().plusSeconds(5));
  }

  static Judgement judge(Target t, ProbeResult r) {
    return CheckTypes.judge(t, r, Quantiles.EMPTY, Instant.now());
  }

  static MailDeliveryObservation observed(ProbeResult r) {
    assertThat(r.failure()).isNull();
    return (MailDeliveryObservation) r.observation();
  }

  @Test
  void deliveredToTheInboxWithEveryCheckPassing() {
    relay.deliver(AuthRelay.Mode.INBOX, ALL_PASS);
    Target t = target(EXPECT_ALL);
    ProbeResult r = run(t);
    MailDeliveryObservation o = observed(r);
    assertThat(o.folder()).isEqualTo(FolderRole.INBOX);
    assertThat(o.folderName()).isEqualTo("INBOX");
    // the latency is the delivery time, SMTP 250 to first seen
    assertThat(r.duration()).isEqualTo(o.delivery());
    assertThat(o.auth().receiver()).isEqualTo(RECEIVER);
    Judgement j = judge(t, r);
    assertThat(j.findings()).isEmpty();
    assertThat(j.detail().facts())
        .anyMatch(f -> f.startsWith("delivered to INBOX in "))
        .contains(
            "spf=pass (smtp.mailfrom=bounce.example.com), dkim=pass (header.d=example.com),"
                + " dmarc=pass (header.from=example.com) by mx.inbox.test");
    // read, then deleted: only the unrelated message is left
    assertThat(relay.probeIds(AuthRelay.Mode.INBOX)).containsExactly("(none)");
  }

  @Test
  void theMessageCarriesTheProbeIdTheSubjectAndAMessageId() throws Exception {
    relay.deliver(AuthRelay.Mode.INBOX, ALL_PASS);
    Target t = target("{}");
    assertThat(observed(run(t)).folder()).isEqualTo(FolderRole.INBOX);
    assertThat(relay.received).hasSize(1);
    MimeMessage m = relay.received.get(0);
    String id = m.getHeader(ProbeId.HEADER)[0];
    assertThat(ProbeId.parse(id)).isNotNull();
    assertThat(m.getSubject()).isEqualTo("Reset your password");
    assertThat(m.getMessageID()).isEqualTo("<" + id + "@example.com>");
    assertThat(GreenMailUtil.getBody(m)).contains(id);
  }

  @Test
  void deliversStraightThroughAnSmtpServerThatTakesMailWithoutALogin() {
    Target t =
        TestTargets.target(
            "name: plain\ntimeout: 6s\nmail_delivery: {smtp: {host: 127.0.0.1, port: "
                + mail.getSmtp().getPort()
                + ", starttls: disabled}, from: no-reply@example.com, to: "
                + TO
                + ", imap: {host: 127.0.0.1, port: "
                + mail.getImap().getPort()
                + ", tls: none, username: probe, password: \""
                + IMAP_PASSWORD
                + "\"}}");
    ProbeResult r = run(t);
    assertThat(observed(r).folder()).isEqualTo(FolderRole.INBOX);
    // no expectations on the receiver's verdicts: none needed, none found
    assertThat(judge(t, r).findings()).isEmpty();
    assertThat(judge(t, r).detail().facts())
        .contains("no Authentication-Results from the receiver");
  }

  @Test
  void deliveredToSpamIsAFinding() {
    relay.deliver(AuthRelay.Mode.SPAM, ALL_PASS);
    Target t = target(EXPECT_ALL);
    ProbeResult r = run(t);
    MailDeliveryObservation o = observed(r);
    assertThat(o.folder()).isEqualTo(FolderRole.SPAM);
    Judgement j = judge(t, r);
    assertThat(j.findings()).extracting(Finding::expectation).containsExactly("in_inbox");
    assertThat(j.findings().get(0).message()).matches("delivered to spam after \\d+ (ms|s)");
    assertThat(j.detail().facts()).anyMatch(f -> f.startsWith("delivered to Junk in "));
    assertThat(relay.probeIds(AuthRelay.Mode.SPAM)).containsExactly("(none)");
  }

  @Test
  void spamIsFineWhenInInboxIsFalse() {
    relay.deliver(AuthRelay.Mode.SPAM, ALL_PASS);
    Target t = target("{in_inbox: false, dkim: pass}");
    assertThat(judge(t, run(t)).findings()).isEmpty();
  }

  static Stream<Arguments> verdicts() {
    return Stream.of(
        Arguments.of(
            "Authentication-Results: mx.inbox.test; spf=pass smtp.mailfrom=bounce.example.com;"
                + " dkim=fail (bad signature) header.d=example.com; dmarc=pass header.from=example.com",
            List.of(
                "dkim=fail (header.d=example.com): the receiver could not verify the signature")),
        Arguments.of(
            "Authentication-Results: mx.inbox.test; spf=pass smtp.mailfrom=bounce.esp.net;"
                + " dkim=pass header.d=esp.net; dmarc=fail (p=none) header.from=example.com",
            List.of(
                "dmarc=fail: From domain example.com not aligned with SPF domain bounce.esp.net"
                    + " or DKIM domain esp.net")),
        Arguments.of(
            "Authentication-Results: mx.inbox.test; spf=softfail smtp.mailfrom=example.com;"
                + " dkim=pass header.d=example.com; dmarc=pass header.from=example.com",
            List.of(
                "spf=softfail (smtp.mailfrom=example.com): the domain's SPF record does not quite"
                    + " allow the sending server (~all)")),
        // HELO and MAIL FROM results: the MAIL FROM one counts (the HELO one comes first here)
        Arguments.of(
            "Authentication-Results: mx.inbox.test; spf=fail smtp.helo=relay.test;"
                + " spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com;"
                + " dmarc=pass header.from=example.com",
            List.of()));
  }

  @ParameterizedTest
  @MethodSource("verdicts")
  void theReceiversVerdictsAreJudgedWithTheirDomains(String header, List<String> findings) {
    relay.deliver(AuthRelay.Mode.INBOX, header);
    Target t = target(EXPECT_ALL);
    assertThat(judge(t, run(t)).findings()).extracting(Finding::message).isEqualTo(findings);
  }

  @Test
  void onlyTheReceiversOwnHeaderCountsWhateverItsPlace() {
    String forged =
        "Authentication-Results: mx.evil.test; spf=pass smtp.mailfrom=example.com;"
            + " dkim=pass header.d=example.com; dmarc=pass header.from=example.com";
    String own =
        "Authentication-Results: mx.inbox.test; spf=pass smtp.mailfrom=example.com;"
            + " dkim=fail header.d=example.com; dmarc=fail header.from=example.com";
    for (String[] order : new String[][] {{own, forged}, {forged, own}}) {
      relay.deliver(AuthRelay.Mode.INBOX, order);
      Target t = target("{dkim: pass}");
      ProbeResult r = run(t);
      assertThat(observed(r).auth().others()).containsExactly("mx.evil.test");
      assertThat(judge(t, r).findings())
          .extracting(Finding::message)
          .containsExactly(
              "dkim=fail (header.d=example.com): the receiver could not verify the signature");
    }
  }

  @Test
  void aForeignHeaderAloneIsNoVerdict() {
    relay.deliver(
        AuthRelay.Mode.INBOX,
        "Authentication-Results: mx.evil.test; spf=pass smtp.mailfrom=example.com;"
            + " dkim=pass header.d=example.com; dmarc=pass header.from=example.com");
    Target t = target(EXPECT_ALL);
    assertThat(judge(t, run(t)).findings())
        .extracting(Finding::message)
        .containsExactly(
            "no Authentication-Results header from mx.inbox.test (only from mx.evil.test); set"
                + " authserv_id to the receiver's name");
  }

  @Test
  void neverDeliveredEndsWhenTheWaitIsOver() {
    relay.deliver(AuthRelay.Mode.DROP);
    Target t = target("{delivered_within: 1s}");
    long start = System.nanoTime();
    ProbeResult r = run(t);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isLessThan(t.timeout().plusSeconds(2));
    assertThat(r.answered()).isFalse();
    assertThat(r.failure())
        .matches(
            "not delivered within 1 s \\(sent \\d\\d:\\d\\d:\\d\\d UTC, not in INBOX or Junk\\)");
    Judgement j = judge(t, r);
    assertThat(j.findings()).extracting(Finding::expectation).containsExactly("delivered_within");
    assertThat(j.findings().get(0).message()).isEqualTo(r.failure());
  }

  @Test
  void aRefusedSmtpLoginNamesTheServerAndItsReply() {
    Target t = target("reset-mail", relay.port(), "wrong-" + SMTP_PASSWORD, IMAP_PASSWORD, "{}");
    ProbeResult r = run(t);
    assertThat(r.failure())
        .isEqualTo(
            "SMTP 127.0.0.1:"
                + relay.port()
                + " refused the login: 535 5.7.8 Authentication credentials invalid for sender");
    assertThat(judge(t, r).findings())
        .extracting(Finding::expectation)
        .containsExactly("reachable");
  }

  @Test
  void aServerEchoingATokenLoginNeverShowsIt() {
    String token = "pm-token-3f9a77c1";
    Target t =
        TestTargets.target(
            "name: reset-mail\ntimeout: 6s\nmail_delivery: {smtp: {host: 127.0.0.1, port: "
                + relay.port()
                + ", starttls: disabled, username: "
                + token
                + ", password: "
                + token
                + "}, from: no-reply@example.com, to: "
                + TO
                + ", imap: {host: 127.0.0.1, port: "
                + mail.getImap().getPort()
                + ", tls: none, username: probe, password: \""
                + IMAP_PASSWORD
                + "\"}}");
    ProbeResult r = run(t);
    assertThat(r.failure())
        .isEqualTo(
            "SMTP 127.0.0.1:"
                + relay.port()
                + " refused the login: 535 5.7.8 Authentication credentials invalid for ***");
  }

  @Test
  void aRefusedImapLoginNamesTheServer() {
    relay.deliver(AuthRelay.Mode.INBOX, ALL_PASS);
    Target t = target("reset-mail", relay.port(), SMTP_PASSWORD, "wrong-" + IMAP_PASSWORD, "{}");
    ProbeResult r = run(t);
    assertThat(r.failure())
        .startsWith("IMAP 127.0.0.1:" + mail.getImap().getPort() + " refused the login");
    assertThat(r.failure()).doesNotContain("Exception").doesNotContain(IMAP_PASSWORD);
  }

  @Test
  void leftoverProbeMessagesAreRemovedAndOtherTargetsInFlightAreNot() {
    Instant now = Instant.now();
    String mine = ProbeId.token("reset-mail");
    String other = ProbeId.token("reset-mail-backup");
    String oldMine = "lookout-" + mine + "-" + now.minusSeconds(900).toEpochMilli() + "-aa";
    String oldMineSpam = "lookout-" + mine + "-" + now.minusSeconds(1800).toEpochMilli() + "-bb";
    String otherInFlight = "lookout-" + other + "-" + now.minusSeconds(5).toEpochMilli() + "-cc";
    String otherAbandoned =
        "lookout-" + other + "-" + now.minusSeconds(3 * 86400).toEpochMilli() + "-dd";
    relay.file(probeMessage(oldMine), AuthRelay.Mode.INBOX);
    relay.file(probeMessage(otherInFlight), AuthRelay.Mode.INBOX);
    relay.file(probeMessage(otherAbandoned), AuthRelay.Mode.INBOX);
    relay.file(probeMessage(oldMineSpam), AuthRelay.Mode.SPAM);
    relay.deliver(AuthRelay.Mode.INBOX, ALL_PASS);
    Target t = target("{}");
    ProbeResult r = run(t);
    assertThat(observed(r).removed()).isEqualTo(3);
    assertThat(relay.probeIds(AuthRelay.Mode.INBOX))
        .containsExactlyInAnyOrder("(none)", otherInFlight);
    assertThat(relay.probeIds(AuthRelay.Mode.SPAM)).containsExactly("(none)");
    assertThat(judge(t, r).detail().facts()).contains("removed 3 leftover probe messages");
  }

  private static MimeMessage probeMessage(String id) {
    return GreenMailUtil.newMimeMessage(
        ProbeId.HEADER + ": " + id + "\r\nSubject: Reset your password\r\n\r\n" + id + "\r\n");
  }

  @Test
  void passwordsNeverReachFindingsFactsMetricsOrLogs() {
    List<String> seen = new ArrayList<>();
    try (LogCapture log = LogCapture.start()) {
      for (Target t :
          List.of(
              target(EXPECT_ALL),
              target("reset-mail", relay.port(), SMTP_PASSWORD + "x", IMAP_PASSWORD, "{}"),
              target("reset-mail", relay.port(), SMTP_PASSWORD, IMAP_PASSWORD + "x", "{}"))) {
        relay.deliver(AuthRelay.Mode.SPAM, ALL_PASS);
        ProbeResult r = run(t);
        Judgement j = judge(t, r);
        seen.add(String.valueOf(r.failure()));
        seen.add(String.valueOf(r.observation()));
        j.findings().forEach(f -> seen.add(f.message()));
        seen.addAll(j.detail().facts());
        seen.add(t.toString());
        seen.add(t.check().toString());
        var bound = CheckTypes.bind(t);
        bound.judge(r, Quantiles.EMPTY, Instant.now(), System.nanoTime());
        bound.gauges((name, help, value, labels) -> seen.add(name + String.join(",", labels)));
      }
      log.events().forEach(e -> seen.add(e.getFormattedMessage() + e.getThrowableProxy()));
    }
    assertThat(relay.logins)
        .anyMatch(l -> l.contains(SMTP_PASSWORD)); // it was sent, so it was there
    assertThat(seen)
        .isNotEmpty()
        .noneMatch(s -> s.contains(SMTP_PASSWORD) || s.contains(IMAP_PASSWORD));
  }
}
