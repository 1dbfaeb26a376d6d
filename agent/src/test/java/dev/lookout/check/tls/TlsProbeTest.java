package dev.lookout.check.tls;

import static dev.lookout.check.tls.TlsFixture.HOST;
import static dev.lookout.check.tls.TlsFixture.check;
import static dev.lookout.check.tls.TlsFixture.expectAll;
import static dev.lookout.check.tls.TlsFixture.findings;
import static dev.lookout.check.tls.TlsFixture.target;
import static dev.lookout.testing.TestCertificates.days;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Target;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestCertificates;
import dev.lookout.testing.TestCertificates.Authority;
import dev.lookout.testing.TestCertificates.Issued;
import dev.lookout.testing.TestVertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS servers on loopback serving chains made for each case; the probe reports them all. */
class TlsProbeTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir static Path dir;

  private static Authority root;
  private static Authority r11;
  private static Path caFile;
  private TlsFixture fixture;

  @BeforeAll
  static void authorities() throws Exception {
    TlsFixture.warmUp();
    root = TestCertificates.root("Lookout Test Root");
    r11 = root.intermediate("R11", days(-30), days(365));
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

  private ProbeResult probe(Target target) {
    return fixture.run(target);
  }

  private static String date(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
  }

  @Test
  void validChainOnEveryCountIsHealthyAndFullyReported() {
    Issued leaf = r11.leaf(days(-10), days(80), HOST, "www.example.test");
    int port = fixture.tls("127.0.0.1", 0, leaf);
    Target t = target(check(port, caFile, expectAll(), "127.0.0.1"), Duration.ofSeconds(5));

    ProbeResult r = probe(t);

    assertThat(r.answered()).isTrue();
    assertThat(findings(t, r)).isEmpty();
    TlsObservation o = (TlsObservation) r.observation();
    assertThat(o.addresses()).hasSize(1);
    AddressReport a = o.addresses().get(0);
    assertThat(a.address()).isEqualTo("127.0.0.1:" + port);
    assertThat(a.trusted()).isTrue();
    assertThat(a.protocol()).isEqualTo("TLSv1.3");
    assertThat(a.cipher()).startsWith("TLS_");
    assertThat(a.subjectAltNames()).containsExactly(HOST, "www.example.test");
    assertThat(a.chain().path()).hasSize(2);
    assertThat(a.chain().earliest()).isEqualTo(leaf.cert());
    assertThat(a.chain().lifetimeLeft(Instant.now())).isBetween(0.88, 0.9);
    assertThat(a.describe(Instant.now()))
        .isEqualTo(
            "127.0.0.1:"
                + port
                + " TLSv1.3 "
                + a.cipher()
                + ": \""
                + HOST
                + "\" ["
                + HOST
                + ", www.example.test] issued by \"R11\", valid "
                + date(leaf.cert().getNotBefore().toInstant())
                + " to "
                + date(leaf.cert().getNotAfter().toInstant())
                + " (79 days, 89% of its lifetime left), first to expire: the leaf; trusted, name"
                + " matches");
  }

  @Test
  void expiredLeafStillReportsItsExpiry() {
    Issued leaf = r11.leaf(days(-90), days(-3).minus(Duration.ofHours(1)), HOST);
    int port = fixture.tls("127.0.0.1", 0, leaf);
    Target t = target(check(port, caFile, expectAll(), "127.0.0.1"), Duration.ofSeconds(5));

    ProbeResult r = probe(t);

    String expired = date(leaf.cert().getNotAfter().toInstant());
    String on = HOST + " on 127.0.0.1:" + port + ": ";
    assertThat(findings(t, r))
        .containsExactly(
            on + "certificate expired 3 days ago (" + expired + ")",
            on + "chain not trusted: the certificate expired on " + expired);
    AddressReport a = ((TlsObservation) r.observation()).addresses().get(0);
    assertThat(a.chain().earliestNotAfter()).isEqualTo(leaf.cert().getNotAfter().toInstant());
  }

  @Test
  void intermediateExpiringBeforeTheLeafIsNamed() {
    Authority shortLived = root.intermediate("R11", days(-30), days(5).plus(Duration.ofHours(1)));
    Issued leaf = shortLived.leaf(days(-1), days(60), HOST);
    int port = fixture.tls("127.0.0.2", 0, leaf);
    Target t = target(check(port, caFile, expectAll(), "127.0.0.2"), Duration.ofSeconds(5));

    ProbeResult r = probe(t);

    assertThat(findings(t, r))
        .containsExactly(
            HOST
                + " on 127.0.0.2:"
                + port
                + ": intermediate \"R11\" expires in 5 days ("
                + date(shortLived.cert().getNotAfter().toInstant())
                + "), before the leaf ("
                + date(leaf.cert().getNotAfter().toInstant())
                + ")");
  }

  @Test
  void notYetValidLeafIsUntrusted() {
    Issued leaf = r11.leaf(days(2), days(90), HOST);
    int port = fixture.tls("127.0.0.1", 0, leaf);
    Target t = target(check(port, caFile, expectAll(), "127.0.0.1"), Duration.ofSeconds(5));

    assertThat(findings(t, probe(t)))
        .containsExactly(
            HOST
                + " on 127.0.0.1:"
                + port
                + ": chain not trusted: the certificate is not valid until "
                + date(leaf.cert().getNotBefore().toInstant()));
  }

  @Test
  void selfSignedIsUntrustedButDated() {
    Issued leaf = TestCertificates.selfSigned(days(-1), days(30), HOST);
    int port = fixture.tls("127.0.0.1", 0, leaf);
    Target t = target(check(port, caFile, expectAll(), "127.0.0.1"), Duration.ofSeconds(5));

    ProbeResult r = probe(t);

    assertThat(findings(t, r))
        .containsExactly(
            HOST
                + " on 127.0.0.1:"
                + port
                + ": chain not trusted: self-signed certificate, not in the trust store or"
                + " ca_file");
    AddressReport a = ((TlsObservation) r.observation()).addresses().get(0);
    assertThat(a.leaf().getNotAfter()).isEqualTo(leaf.cert().getNotAfter());
  }

  @Test
  void selfSignedLeafPinnedInCaFileIsTrusted() throws Exception {
    Issued leaf = TestCertificates.selfSigned(days(-1), days(30), HOST);
    Path pinned = dir.resolve("pinned.pem");
    Files.writeString(pinned, TestCertificates.pem(List.of(leaf.cert())));
    int port = fixture.tls("127.0.0.1", 0, leaf);
    Target t = target(check(port, pinned, expectAll(), "127.0.0.1"), Duration.ofSeconds(5));

    assertThat(findings(t, probe(t))).isEmpty();
  }

  @Test
  void unknownRootWithoutCaFileIsUntrusted() {
    int port = fixture.tls("127.0.0.1", 0, r11.leaf(HOST));
    Target t = target(check(port, null, expectAll(), "127.0.0.1"), Duration.ofSeconds(5));

    assertThat(findings(t, probe(t)))
        .containsExactly(
            HOST
                + " on 127.0.0.1:"
                + port
                + ": chain not trusted: issuer \"Lookout Test Root\" is not a trusted CA (missing"
                + " intermediate certificate, or a root not in the trust store or ca_file)");
  }

  @Test
  void wrongHostnameIsAMismatch() {
    int port = fixture.tls("127.0.0.1", 0, r11.leaf("*.other.test"));
    Target t = target(check(port, caFile, expectAll(), "127.0.0.1"), Duration.ofSeconds(5));

    ProbeResult r = probe(t);

    assertThat(findings(t, r))
        .containsExactly(
            HOST + " on 127.0.0.1:" + port + ": name mismatch: served for *.other.test");
    assertThat(((TlsObservation) r.observation()).addresses().get(0).trusted()).isFalse();
  }

  @Test
  void wildcardCoversOneLabel() {
    int port = fixture.tls("127.0.0.1", 0, r11.leaf("*.example.test"));
    Target match = target(check(port, caFile, expectAll(), "127.0.0.1"), Duration.ofSeconds(5));
    Target deeper =
        target(
            new dev.lookout.check.tls.TlsCheck(
                "a.b.example.test",
                port,
                "a.b.example.test",
                List.of("127.0.0.1"),
                caFile,
                dev.lookout.check.tls.TlsCheck.StartTls.NONE,
                expectAll()),
            Duration.ofSeconds(5));

    assertThat(findings(match, probe(match))).isEmpty();
    assertThat(findings(deeper, probe(deeper)))
        .containsExactly(
            "a.b.example.test on 127.0.0.1:" + port + ": name mismatch: served for *.example.test");
  }

  @Test
  void addressesServingDifferentCertificatesAreReportedEach() {
    Issued fresh = r11.leaf(days(-1), days(80), HOST);
    Issued old = r11.leaf(days(-80), days(10), HOST);
    int port = fixture.tls("127.0.0.1", 0, fresh);
    fixture.tls("127.0.0.2", port, old);
    Target t =
        target(check(port, caFile, expectAll(), "127.0.0.1", "127.0.0.2"), Duration.ofSeconds(5));

    ProbeResult r = probe(t);

    TlsObservation o = (TlsObservation) r.observation();
    assertThat(o.addresses())
        .extracting(AddressReport::address)
        .containsExactly("127.0.0.1:" + port, "127.0.0.2:" + port);
    assertThat(o.addresses())
        .extracting(AddressReport::leaf)
        .containsExactly(fresh.cert(), old.cert());
    X509Certificate f = fresh.cert();
    X509Certificate s = old.cert();
    assertThat(findings(t, r))
        .containsExactly(
            HOST
                + " on 127.0.0.2:"
                + port
                + ": certificate expires in 9 days ("
                + date(s.getNotAfter().toInstant())
                + "), expected more than 14 days",
            HOST
                + ": addresses serve different certificates: 127.0.0.1:"
                + port
                + " serve \""
                + HOST
                + "\" (serial "
                + f.getSerialNumber().toString(16)
                + ", expires "
                + date(f.getNotAfter().toInstant())
                + "); 127.0.0.2:"
                + port
                + " serve \""
                + HOST
                + "\" (serial "
                + s.getSerialNumber().toString(16)
                + ", expires "
                + date(s.getNotAfter().toInstant())
                + ")");
  }

  @Test
  void lifetimeLeftIsAFractionOfTheLeafsValidity() {
    // 47-day certificate with 10 days left: about 21% of its lifetime.
    Issued leaf = r11.leaf(days(-37), days(10), HOST);
    int port = fixture.tls("127.0.0.1", 0, leaf);
    TlsExpect expect = new TlsExpect(null, 0.33, null, null, null, null);
    Target t = target(check(port, caFile, expect, "127.0.0.1"), Duration.ofSeconds(5));

    assertThat(findings(t, probe(t)))
        .singleElement()
        .asString()
        .startsWith(HOST + " on 127.0.0.1:" + port + ": certificate has 21.")
        .endsWith(
            "% of its 47-day lifetime left (expires "
                + date(leaf.cert().getNotAfter().toInstant())
                + "), expected more than 33%");
  }

  @Test
  void olderProtocolThanTheMinimumIsReported() {
    int port = fixture.tls("127.0.0.1", 0, r11.leaf(HOST), "TLSv1.2");
    TlsExpect expect = new TlsExpect(null, null, null, null, "TLSv1.3", null);
    Target t = target(check(port, caFile, expect, "127.0.0.1"), Duration.ofSeconds(5));

    assertThat(findings(t, probe(t)))
        .containsExactly(
            HOST + " on 127.0.0.1:" + port + ": negotiated TLSv1.2, expected TLSv1.3 or newer");
  }

  @Test
  void unreadableCaFileIsTheTrustProblem() {
    Path missing = dir.resolve("missing.pem");
    int port = fixture.tls("127.0.0.1", 0, r11.leaf(HOST));
    Target t = target(check(port, missing, expectAll(), "127.0.0.1"), Duration.ofSeconds(5));

    assertThat(findings(t, probe(t)))
        .containsExactly(
            HOST
                + " on 127.0.0.1:"
                + port
                + ": chain not trusted: ca_file "
                + missing
                + " could not be read: no such file");
  }
}
