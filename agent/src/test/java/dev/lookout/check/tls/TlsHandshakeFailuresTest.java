package dev.lookout.check.tls;

import static dev.lookout.check.tls.TlsFixture.HOST;
import static dev.lookout.check.tls.TlsFixture.expectAll;
import static dev.lookout.check.tls.TlsFixture.findings;
import static dev.lookout.check.tls.TlsFixture.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.lookout.config.Target;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestCertificates;
import dev.lookout.testing.TestCertificates.Authority;
import dev.lookout.testing.TestCertificates.Issued;
import dev.lookout.testing.TestVertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Handshakes that do not complete, and the in-band STARTTLS upgrade of SMTP. */
class TlsHandshakeFailuresTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir static Path dir;

  private static Authority root;
  private static Path caFile;
  private TlsFixture fixture;

  @BeforeAll
  static void authorities() throws Exception {
    TlsFixture.warmUp();
    root = TestCertificates.root("Lookout Test Root");
    caFile = dir.resolve("ca.pem");
    Files.writeString(caFile, root.pem());
  }

  @BeforeEach
  void start() {
    fixture = new TlsFixture(loop.vertx());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static TlsCheck check(int port, TlsCheck.StartTls starttls, String... addresses) {
    return new TlsCheck(HOST, port, HOST, List.of(addresses), caFile, starttls, expectAll());
  }

  @Test
  void serverThatNeverAnswersTheHandshakeTimesOut() {
    int port = fixture.silent("127.0.0.1");
    Target t = target(check(port, TlsCheck.StartTls.NONE, "127.0.0.1"), Duration.ofSeconds(1));

    ProbeResult r = fixture.run(t);

    assertThat(r.answered()).isFalse();
    assertThat(findings(t, r))
        .containsExactly(
            HOST + " on 127.0.0.1:" + port + ": TLS handshake did not complete within 1 s");
  }

  @Test
  void plainHttpPortDoesNotSpeakTls() {
    HttpServer http =
        fixture.servers().createHttpServer().requestHandler(req -> req.response().end("hello"));
    int port = TestVertx.await(http.listen(0, "127.0.0.1")).actualPort();
    try {
      Target t = target(check(port, TlsCheck.StartTls.NONE, "127.0.0.1"), Duration.ofSeconds(5));

      assertThat(findings(t, fixture.run(t)))
          .containsExactly(
              HOST + " on 127.0.0.1:" + port + ": port " + port + " does not speak TLS");
    } finally {
      TestVertx.await(http.close());
    }
  }

  @Test
  void oneSilentAddressDoesNotHideTheOtherOnesCertificate() {
    Issued leaf = root.leaf(HOST);
    int port = fixture.tls("127.0.0.1", 0, leaf);
    NetServer silent =
        fixture
            .servers()
            .createNetServer(new NetServerOptions().setHost("127.0.0.2").setPort(port));
    silent.connectHandler(s -> s.handler(b -> {}));
    TestVertx.await(silent.listen());
    fixture.add(silent);
    Target t =
        target(
            check(port, TlsCheck.StartTls.NONE, "127.0.0.1", "127.0.0.2"), Duration.ofSeconds(1));

    ProbeResult r = fixture.run(t);

    assertThat(r.answered()).isTrue();
    assertThat(findings(t, r))
        .containsExactly(
            HOST + " on 127.0.0.2:" + port + ": TLS handshake did not complete within 1 s");
    AddressReport ok = ((TlsObservation) r.observation()).addresses().get(0);
    assertThat(ok.leaf()).isEqualTo(leaf.cert());
  }

  @Test
  void refusedConnectionIsNamed() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Target t = target(check(port, TlsCheck.StartTls.NONE, "127.0.0.1"), Duration.ofSeconds(5));

    assertThat(findings(t, fixture.run(t)))
        .containsExactly(HOST + " on 127.0.0.1:" + port + ": connection refused");
  }

  @Test
  void smtpStartTlsReturnsTheMailServersCertificate() {
    Issued leaf = root.leaf(HOST);
    int port = fixture.smtp(leaf);
    Target t = target(check(port, TlsCheck.StartTls.SMTP, "127.0.0.1"), Duration.ofSeconds(5));

    ProbeResult r = fixture.run(t);

    assertThat(findings(t, r)).isEmpty();
    AddressReport a = ((TlsObservation) r.observation()).addresses().get(0);
    assertThat(a.leaf()).isEqualTo(leaf.cert());
    assertThat(a.trusted()).isTrue();
  }

  @Test
  void smtpServerWithoutStartTlsIsReported() {
    // GreenMail's SMTP server does not implement STARTTLS (greenmail issue #135): a real server
    // that does not offer it.
    GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
    try {
      int port = mail.getSmtp().getPort();
      Target t = target(check(port, TlsCheck.StartTls.SMTP, "127.0.0.1"), Duration.ofSeconds(5));

      assertThat(findings(t, fixture.run(t)))
          .containsExactly(
              HOST + " on 127.0.0.1:" + port + ": the SMTP server does not offer STARTTLS");
    } finally {
      mail.stop();
    }
  }

  @Test
  void greenMailSmtpsCertificateIsCapturedThoughUntrusted() {
    GreenMail mail = new GreenMail(ServerSetupTest.SMTPS.dynamicPort());
    mail.start();
    try {
      int port = mail.getSmtps().getPort();
      Target t = target(check(port, TlsCheck.StartTls.NONE, "127.0.0.1"), Duration.ofSeconds(5));

      ProbeResult r = fixture.run(t);

      assertThat(r.answered()).isTrue();
      AddressReport a = ((TlsObservation) r.observation()).addresses().get(0);
      assertThat(a.leaf()).isNotNull();
      assertThat(a.trustProblem()).isNotNull();
      assertThat(findings(t, r)).anySatisfy(f -> assertThat(f).contains(": chain not trusted: "));
    } finally {
      mail.stop();
    }
  }
}
