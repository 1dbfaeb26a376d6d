package dev.lookout.check.emailauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.checks.CheckTypes;
import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.dns.DnsClient;
import dev.lookout.testing.TestDnsServer;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the email_auth tests: a DNS server on loopback serving a clean domain (SPF with an
 * include, DMARC p=reject, a 2048-bit DKIM key behind a CNAME, one MX), which each test breaks in
 * one way; the probe fetches, the analysis judges.
 */
abstract class EmailAuthTestBase {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static final String RSA_2048 = rsaKey(2048);

  @TempDir Path dir;
  TestDnsServer dns;
  private EmailAuthProbe probe;
  private Context context;

  /**
   * Loads, on the test thread, the classes the probe's first analysis would otherwise load on an
   * event loop (the JDK's RSA key factory, dnsjava's address parser): a one-off cost per JVM that a
   * busy build machine can stretch past the blocked-loop limit.
   */
  @BeforeAll
  static void warmUp() {
    EmailAuthAnalysis.analyze(
        new EmailAuthCheck(
            "example.com",
            List.of("s1"),
            List.of(),
            dev.lookout.check.emailauth.EmailAuthExpect.DEFAULT),
        q ->
            switch (q.type()) {
              case "TXT" ->
                  new MailAnswer(
                      MailAnswer.Status.FOUND,
                      List.of(
                          "v=spf1 ip4:192.0.2.1 ip6:2001:db8::1 -all", "v=DKIM1; p=" + RSA_2048),
                      null,
                      null);
              default -> new MailAnswer(MailAnswer.Status.NODATA, List.of(), null, null);
            });
  }

  @BeforeEach
  void start() {
    dns = TestDnsServer.start();
    dns.records(
            "example.com", "TXT", "\"v=spf1 include:_spf.mail.example.net ip4:192.0.2.0/24 -all\"")
        .records("_spf.mail.example.net", "TXT", "\"v=spf1 ip4:198.51.100.0/24 ~all\"")
        .records(
            "_dmarc.example.com", "TXT", "\"v=DMARC1; p=reject; rua=mailto:dmarc@example.com\"")
        .records("s1._domainkey.example.com", "CNAME", "s1.dkim.mail.example.net.")
        .records("s1.dkim.mail.example.net", "TXT", txt("v=DKIM1; k=rsa; p=" + RSA_2048))
        .records("example.com", "MX", "10 mx1.example.com.")
        .records("mx1.example.com", "A", "192.0.2.25");
    context = loop.vertx().getOrCreateContext();
    probe = new EmailAuthProbe(loop.vertx(), new DnsClient(loop.vertx()));
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  /** A TXT rdata in zone-file form, split into character-strings of at most 255 bytes. */
  static String txt(String value) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < value.length(); i += 255) {
      parts.add("\"" + value.substring(i, Math.min(value.length(), i + 255)) + "\"");
    }
    return String.join(" ", parts);
  }

  static String rsaKey(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  Target target(String extra) {
    return target("5s", extra);
  }

  Target target(String timeout, String extra) {
    String yaml =
        "targets:\n  - name: mail\n    timeout: "
            + timeout
            + "\n"
            + "    email_auth: {domain: example.com, dkim_selectors: [s1], resolvers: [\""
            + dns.address()
            + "\"]}\n"
            + extra.stripIndent().lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n");
    try {
      Config c = new ConfigLoader(k -> null).parse("test.yaml", dir, yaml);
      return c.targets().get(0);
    } catch (dev.lookout.config.ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  ProbeResult run(Target t) {
    Promise<ProbeResult> p = Promise.promise();
    context.runOnContext(v -> probe.run(t).onComplete(p));
    return TestVertx.await(p.future());
  }

  /** Every finding as {@code check level: problem}. */
  List<String> findings(Target t) {
    ProbeResult r = run(t);
    assertThat(r.failure()).isNull();
    return EmailAuthAnalysis.analyze((EmailAuthCheck) t.check(), (MailRecords) r.observation())
        .findings()
        .stream()
        .map(f -> f.check() + " " + f.level().label() + ": " + f.problem())
        .toList();
  }

  List<String> findings() {
    return findings(target(""));
  }

  List<String> verdict(Target t) {
    ProbeResult r = run(t);
    return CheckTypes.judge(t, r, Quantiles.EMPTY, Instant.now()).findings().stream()
        .map(Finding::message)
        .toList();
  }

  Target targetWithSelectors(String selectors) {
    String yaml =
        "targets:\n  - name: mail\n    timeout: 5s\n"
            + "    email_auth: {domain: example.com, dkim_selectors: "
            + selectors
            + ", resolvers: [\""
            + dns.address()
            + "\"]}\n";
    try {
      return new ConfigLoader(k -> null).parse("test.yaml", dir, yaml).targets().get(0);
    } catch (dev.lookout.config.ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
