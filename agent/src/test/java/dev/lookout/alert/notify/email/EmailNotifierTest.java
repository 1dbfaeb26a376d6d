package dev.lookout.alert.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.DeliveryException;
import dev.lookout.alert.Notification;
import dev.lookout.alert.Receiver;
import dev.lookout.config.NotifierConfig;
import dev.lookout.evaluate.Finding;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Vertx;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mail through GreenMail on loopback: plain SMTP, implicit TLS, auth, and hostile text. */
class EmailNotifierTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  @RegisterExtension
  static final GreenMailExtension mail =
      new GreenMailExtension(
          new ServerSetup[] {
            ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()
          });

  @BeforeAll
  static void warmUp() {
    Receiver.warmUp();
    // TLS classes and contexts load once per JVM, slowly; do it on a throwaway Vert.x so the
    // blocked-loop check measures the notifier, not the JVM's first handshake.
    Vertx v = Vertx.vertx();
    try (StartTlsSmtpServer smtp = new StartTlsSmtpServer(v)) {
      EmailNotifier n =
          new EmailNotifier(
              v,
              config(smtp.port(), EmailConfig.StartTls.REQUIRED, false, null, null),
              Map.of(),
              c -> c.setTrustAll(true));
      TestVertx.await(n.send(hostile()));
      TestVertx.await(n.close());
    } finally {
      TestVertx.await(v.close());
    }
  }

  static EmailConfig config(
      int port, EmailConfig.StartTls starttls, boolean implicitTls, String user, String password) {
    return new EmailConfig(
        "founders",
        "127.0.0.1",
        port,
        starttls,
        implicitTls,
        user,
        password,
        "alerts@lookout.test",
        List.of("founders@lookout.test"),
        List.of("ops@lookout.test"),
        new NotifierConfig.Delivery(Duration.ofSeconds(5), Duration.ofHours(1)));
  }

  static Notification hostile() {
    Instant t = Instant.parse("2026-11-28T01:00:00Z");
    AlertEvent e =
        new AlertEvent(
            AlertEvent.Kind.FIRING,
            "shop\r\nBcc: x@y",
            "critical",
            List.of(new Finding("body_contains", "body has </td><script>alert(1)</script> & more")),
            t,
            t.plusSeconds(60),
            t.plusSeconds(60));
    return new Notification(
        "0b6a2f6e-1f7e-4c55-9d3c-4d1c7e3a9f00", "founders", t, List.of(e), false);
  }

  Void send(EmailConfig config, UnaryOperator<io.vertx.ext.mail.MailConfig> tweak, Notification n) {
    EmailNotifier notifier = new EmailNotifier(loop.vertx(), config, Map.of("env", "prod"), tweak);
    try {
      return TestVertx.await(notifier.send(n));
    } finally {
      TestVertx.await(notifier.close());
    }
  }

  @Test
  void aMailCarriesTheAckLinkAndTheStatusPage() throws Exception {
    int port = mail.getSmtp().getPort();
    Instant t = Instant.parse("2026-11-28T01:00:00Z");
    AlertEvent e =
        new AlertEvent(
            AlertEvent.Kind.FIRING,
            "shop",
            "critical",
            List.of(new Finding("status", "status 503")),
            t,
            t,
            t.plusSeconds(60),
            1);
    EmailNotifier notifier =
        new EmailNotifier(
                loop.vertx(),
                config(port, EmailConfig.StartTls.DISABLED, false, null, null),
                Map.of(),
                c -> c)
            .links(
                new dev.lookout.alert.AlertLinks(java.time.Clock.systemUTC())
                    .configure(
                        java.net.URI.create("https://lookout.example.com"),
                        "mail-test-secret-0123456"));
    try {
      TestVertx.await(notifier.send(Notification.of("founders", t, List.of(e))));
    } finally {
      TestVertx.await(notifier.close());
    }
    MimeMessage m = mail.getReceivedMessages()[0];
    String text = part(m, "text/plain");
    String html = part(m, "text/html");
    assertThat(text)
        .contains("acknowledge: https://lookout.example.com/ack/shop%40")
        .contains("status: https://lookout.example.com/");
    assertThat(html)
        .contains("<a href=\"https://lookout.example.com/ack/shop%40")
        .contains(">Acknowledge</a>");
    assertThat(text + html).doesNotContain("mail-test-secret");
  }

  @Test
  void plainSmtpCarriesSubjectBodiesAndMessageIdWithHostileTextInert() throws Exception {
    int port = mail.getSmtp().getPort();
    send(config(port, EmailConfig.StartTls.DISABLED, false, null, null), c -> c, hostile());

    MimeMessage[] received = mail.getReceivedMessages();
    // one copy for "to", one for "cc"; nobody else (no injected Bcc)
    assertThat(received).hasSize(2);
    MimeMessage m = received[0];
    assertThat(m.getSubject())
        .isEqualTo("[FIRING] shop Bcc: x@y: body has </td><script>alert(1)</script> & more")
        .doesNotContain("\r", "\n");
    assertThat(m.getHeader("Bcc")).isNull();
    assertThat(m.getHeader("Message-ID"))
        .containsExactly("<0b6a2f6e-1f7e-4c55-9d3c-4d1c7e3a9f00@lookout>");
    String text = part(m, "text/plain");
    String html = part(m, "text/html");
    assertThat(text).contains("FIRING shop Bcc: x@y [critical]", "body has </td><script>");
    assertThat(html)
        .contains("&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more")
        .doesNotContain("<script>")
        .contains("agent: env=prod");
  }

  @Test
  void implicitTlsDelivers() {
    int port = mail.getSmtps().getPort();
    send(
        config(port, EmailConfig.StartTls.DISABLED, true, null, null),
        c -> c.setTrustAll(true),
        hostile());
    assertThat(mail.getReceivedMessages()).hasSize(2);
  }

  @Test
  void starttlsRequiredRefusesAServerWithoutIt() {
    int port = mail.getSmtp().getPort();
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                send(
                    config(port, EmailConfig.StartTls.REQUIRED, false, "u", "hunter2"),
                    c -> c,
                    hostile()));
    assertThat(failure).isNotNull();
    Throwable cause =
        failure.getCause() instanceof CompletionException
            ? failure.getCause().getCause()
            : failure.getCause();
    assertThat(cause).isInstanceOf(DeliveryException.class);
    assertThat(cause.getMessage())
        .startsWith("email notifier \"founders\": 127.0.0.1:" + port)
        .doesNotContain("hunter2");
    assertThat(mail.getReceivedMessages()).isEmpty();
  }

  @Test
  void starttlsRequiredUpgradesBeforeTheTransaction() {
    try (StartTlsSmtpServer smtp = new StartTlsSmtpServer(loop.vertx())) {
      send(
          config(smtp.port(), EmailConfig.StartTls.REQUIRED, false, null, null),
          c -> c.setTrustAll(true),
          hostile());
      assertThat(smtp.messages)
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.overTls()).isTrue();
                assertThat(m.data())
                    .contains("Message-ID: <0b6a2f6e-1f7e-4c55-9d3c-4d1c7e3a9f00@lookout>");
                assertThat(m.data()).doesNotContain("\r\nBcc:");
              });
    }
  }

  @Test
  void authenticatesWithUsernameAndPassword() {
    mail.setUser("alerts@lookout.test", "lookout", "s3cret");
    int port = mail.getSmtp().getPort();
    send(
        config(port, EmailConfig.StartTls.DISABLED, false, "lookout", "s3cret"), c -> c, hostile());
    assertThat(mail.getReceivedMessages()).hasSize(2);
  }

  static String part(Part p, String type) throws Exception {
    if (p.isMimeType(type)) {
      return (String) p.getContent();
    }
    if (p.isMimeType("multipart/*")) {
      Multipart mp = (Multipart) p.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart bp = mp.getBodyPart(i);
        String found = part(bp, type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
