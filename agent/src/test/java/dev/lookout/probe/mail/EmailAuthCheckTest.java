package dev.lookout.probe.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.EmailAuthCheck;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Evaluator;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The email_auth check end to end against a DNS server on loopback: the probe fetches, the analysis
 * judges. Each test starts from a clean domain and breaks one thing.
 */
class EmailAuthCheckTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  private static final String RSA_2048 = rsaKey(2048);

  @TempDir Path dir;
  private TestDnsServer dns;
  private EmailAuthProbe probe;
  private Context context;

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

  private Target target(String extra) {
    return target("5s", extra);
  }

  private Target target(String timeout, String extra) {
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

  private ProbeResult run(Target t) {
    Promise<ProbeResult> p = Promise.promise();
    context.runOnContext(v -> probe.run(t).onComplete(p));
    return TestVertx.await(p.future());
  }

  /** Every finding as {@code check level: problem}. */
  private List<String> findings(Target t) {
    ProbeResult r = run(t);
    assertThat(r.failure()).isNull();
    return EmailAuthAnalysis.analyze((EmailAuthCheck) t.check(), (MailRecords) r.observation())
        .findings()
        .stream()
        .map(f -> f.check() + " " + f.level().label() + ": " + f.problem())
        .toList();
  }

  private List<String> findings() {
    return findings(target(""));
  }

  private List<String> verdict(Target t) {
    ProbeResult r = run(t);
    return Evaluator.evaluate(t, r, Quantiles.EMPTY, Instant.now()).findings().stream()
        .map(Finding::message)
        .toList();
  }

  @Test
  void cleanDomainHasNoFindings() {
    Target t = target("");
    ProbeResult r = run(t);
    MailRecords o = (MailRecords) r.observation();
    assertThat(findings(t)).isEmpty();
    assertThat(verdict(t)).isEmpty();
    assertThat(o.complete()).isTrue();
    // TXT example.com, _dmarc, s1._domainkey, MX; then the include, and the MX host's A and AAAA.
    assertThat(o.queries()).isEqualTo(7);
    assertThat(o.rounds()).isEqualTo(2);
    assertThat(o.answers().get(MailQuery.txt("s1._domainkey.example.com")).cname())
        .isEqualTo("s1.dkim.mail.example.net");
  }

  @Test
  void nestedIncludesReachingElevenLookupsFail() {
    dns.records(
            "example.com",
            "TXT",
            "\"v=spf1 include:spf1.example.net include:spf2.example.net -all\"")
        .records(
            "spf1.example.net",
            "TXT",
            "\"v=spf1 a:mx1.example.com mx:example.com include:spf3.example.net ~all\"")
        .records(
            "spf2.example.net",
            "TXT",
            "\"v=spf1 a:mx1.example.com mx:example.com a:mx1.example.com ~all\"")
        .records(
            "spf3.example.net",
            "TXT",
            "\"v=spf1 a:mx1.example.com mx:example.com exists:mx1.example.com ~all\"");
    assertThat(findings())
        .containsExactly(
            "spf fail: 11 DNS-querying terms (include, a, mx, ptr, exists, redirect), more than 10:"
                + " receivers return permerror");
    assertThat(verdict(target("")))
        .containsExactly(
            "SPF fail: 11 DNS-querying terms (include, a, mx, ptr, exists, redirect), more than 10:"
                + " receivers return permerror — TXT example.com — fix: replace includes you no"
                + " longer use, or ip4:/ip6: ranges for mechanisms, to stay at 10 or fewer (RFC"
                + " 7208 §4.6.4)");
  }

  @Test
  void tenLookupsPass() {
    dns.records(
            "example.com",
            "TXT",
            "\"v=spf1 include:spf1.example.net include:spf2.example.net -all\"")
        .records(
            "spf1.example.net",
            "TXT",
            "\"v=spf1 a:mx1.example.com mx:example.com include:spf3.example.net ~all\"")
        .records("spf2.example.net", "TXT", "\"v=spf1 a:mx1.example.com mx:example.com ~all\"")
        .records(
            "spf3.example.net",
            "TXT",
            "\"v=spf1 a:mx1.example.com mx:example.com exists:mx1.example.com ~all\"");
    assertThat(findings()).isEmpty();
  }

  @Test
  void includeLoopFails() {
    dns.records("example.com", "TXT", "\"v=spf1 include:loop.example.net -all\"")
        .records("loop.example.net", "TXT", "\"v=spf1 include:example.com ~all\"");
    assertThat(findings())
        .containsExactly(
            "spf fail: loop: example.com → loop.example.net → example.com (via"
                + " include:example.com)");
  }

  @Test
  void twoSpfRecordsFail() {
    dns.records(
        "example.com",
        "TXT",
        "\"v=spf1 -all\"",
        "\"v=spf1 ip4:192.0.2.1 ~all\"",
        "\"google-site-verification=abc\"");
    assertThat(findings())
        .containsExactly(
            "spf fail: 2 SPF records (\"v=spf1 -all\", \"v=spf1 ip4:192.0.2.1 ~all\"): receivers"
                + " return permerror");
  }

  @Test
  void plusAllFails() {
    dns.records("example.com", "TXT", "\"v=spf1 ip4:192.0.2.0/24 +all\"");
    assertThat(findings())
        .containsExactly("spf fail: +all lets every server on the internet send as example.com");
  }

  @Test
  void threeVoidLookupsFail() {
    dns.records(
        "example.com",
        "TXT",
        "\"v=spf1 a:gone1.example.com a:gone2.example.com mx:gone3.example.com -all\"");
    assertThat(findings())
        .containsExactly(
            "spf fail: 3 void lookups (names with no records: gone1.example.com,"
                + " gone2.example.com, gone3.example.com), more than 2: receivers return permerror");
  }

  @Test
  void syntaxErrorNamesTheCharacter() {
    dns.records("example.com", "TXT", "\"v=spf1 mx ip4:192.0.2.300 include -all\"");
    assertThat(findings())
        .containsExactly(
            "spf fail: syntax error at character 11 (\"ip4:192.0.2.300\"): \"192.0.2.300\" is not"
                + " an IPv4 address: receivers return permerror",
            "spf fail: syntax error at character 27 (\"include\"): include needs a domain:"
                + " include:example.com: receivers return permerror");
  }

  @Test
  void neutralAllAndPtrWarn() {
    dns.records("example.com", "TXT", "\"v=spf1 ptr ?all\"");
    assertThat(findings())
        .containsExactly(
            "spf warn: \"ptr\" is slow and unreliable, and many receivers ignore it",
            "spf warn: ?all: mail from unlisted senders gets a neutral result, neither pass nor"
                + " fail");
  }

  @Test
  void softFailIsRefusedWhenOnlyHardFailIsExpected() {
    dns.records("example.com", "TXT", "\"v=spf1 ip4:192.0.2.0/24 ~all\"");
    assertThat(findings(target("expect: {spf_all: [-all]}")))
        .containsExactly("spf fail: the record ends in ~all, expected -all");
  }

  @Test
  void redirectIsFollowedForItsAll() {
    dns.records("example.com", "TXT", "\"v=spf1 redirect=_spf.example.net\"")
        .records("_spf.example.net", "TXT", "\"v=spf1 ip4:192.0.2.0/24 ?all\"");
    assertThat(findings())
        .containsExactly(
            "spf warn: ?all: mail from unlisted senders gets a neutral result, neither pass nor"
                + " fail");
  }

  @Test
  void includeWithoutSpfFails() {
    dns.records("example.com", "TXT", "\"v=spf1 include:nospf.example.net -all\"")
        .records("nospf.example.net", "TXT", "\"just text\"");
    assertThat(findings())
        .containsExactly(
            "spf fail: include:nospf.example.net has no SPF record: receivers return permerror");
  }

  @Test
  void longRecordWarns() {
    StringBuilder r = new StringBuilder("v=spf1");
    for (int i = 0; i < 30; i++) {
      r.append(" ip4:192.0.2.").append(i);
    }
    r.append(" -all");
    dns.records("example.com", "TXT", txt(r.toString()));
    assertThat(findings())
        .containsExactly(
            "spf warn: the record is "
                + r.length()
                + " bytes, more than 450: with other TXT records the answer may not fit in UDP");
  }

  @Test
  void missingSpfFails() {
    dns.records("example.com", "TXT");
    assertThat(findings())
        .containsExactly("spf fail: no SPF record (no TXT record starting with v=spf1)");
  }

  @Test
  void dmarcMissingFails() {
    dns.records("_dmarc.example.com", "TXT");
    assertThat(findings())
        .containsExactly("dmarc fail: no DMARC record (no TXT record starting with v=DMARC1)");
  }

  @Test
  void dmarcPolicyNoneWarnsAndFailsWhenNotAllowed() {
    dns.records("_dmarc.example.com", "TXT", "\"v=DMARC1; p=none; rua=mailto:dmarc@example.com\"");
    assertThat(findings())
        .containsExactly(
            "dmarc warn: p=none: receivers deliver mail that fails DMARC as if there were no"
                + " policy");
    assertThat(findings(target("expect: {dmarc_policy: [quarantine, reject]}")))
        .containsExactly("dmarc fail: p=none, expected quarantine or reject");
  }

  @Test
  void dmarcMalformedTagFails() {
    dns.records(
        "_dmarc.example.com",
        "TXT",
        "\"v=DMARC1; p=reject; adkim=x; rua=mailto:dmarc@example.com\"");
    assertThat(findings())
        .containsExactly("dmarc fail: malformed tag \"adkim=x\": \"x\" is not r or s");
  }

  @Test
  void dmarcWithoutRuaAndPartialPctWarn() {
    dns.records("_dmarc.example.com", "TXT", "\"v=DMARC1; p=quarantine; pct=50\"");
    assertThat(findings())
        .containsExactly(
            "dmarc warn: no rua: nobody receives aggregate reports, so failures go unseen",
            "dmarc warn: pct=50: the policy applies to only 50% of failing mail");
  }

  @Test
  void externalRuaNeedsAuthorisation() {
    dns.records(
        "_dmarc.example.com",
        "TXT",
        "\"v=DMARC1; p=reject; rua=mailto:dmarc@example.com,mailto:x@reports.example.net\"");
    assertThat(findings())
        .containsExactly(
            "dmarc fail: rua sends reports to reports.example.net, which has not authorised them"
                + " (there is no v=DMARC1 record at example.com._report._dmarc.reports.example.net):"
                + " receivers send it nothing");

    dns.records("example.com._report._dmarc.reports.example.net", "TXT", "\"v=DMARC1\"");
    assertThat(findings()).isEmpty();
  }

  @Test
  void dkimKeyOf1024BitsWarns() {
    dns.records("s1.dkim.mail.example.net", "TXT", txt("v=DKIM1; k=rsa; p=" + rsaKey(1024)));
    assertThat(findings())
        .containsExactly(
            "dkim warn: selector s1: RSA key of 1024 bits, less than the recommended 2048");
  }

  @Test
  void dkimKeyOf512BitsFails() {
    dns.records("s1.dkim.mail.example.net", "TXT", txt("v=DKIM1; p=" + rsaKey(512)));
    assertThat(findings())
        .containsExactly(
            "dkim fail: selector s1: RSA key of 512 bits, less than 1024: verifiers reject it");
  }

  @Test
  void revokedDkimKeyFails() {
    dns.records("s1.dkim.mail.example.net", "TXT", "\"v=DKIM1; k=rsa; p=\"");
    assertThat(findings())
        .containsExactly(
            "dkim fail: selector s1: the key is revoked (empty p=): mail signed with it fails"
                + " DKIM");
  }

  @Test
  void ed25519KeyPasses() throws Exception {
    byte[] spki =
        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
    // RFC 8463 §4.2: p= is the raw 32-byte key, the tail of the SubjectPublicKeyInfo.
    byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    dns.records(
        "s1.dkim.mail.example.net",
        "TXT",
        txt("v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(raw)));
    assertThat(findings()).isEmpty();

    dns.records("s1.dkim.mail.example.net", "TXT", txt("v=DKIM1; k=ed25519; p=" + RSA_2048));
    assertThat(findings())
        .containsExactly(
            "dkim fail: selector s1: p= is not an Ed25519 public key (294 bytes, not 32)");
  }

  @Test
  void testingFlagWarns() {
    dns.records("s1.dkim.mail.example.net", "TXT", txt("v=DKIM1; t=y; p=" + RSA_2048));
    assertThat(findings())
        .containsExactly(
            "dkim warn: selector s1: t=y (testing): verifiers may treat signed mail as unsigned");
  }

  @Test
  void missingSelectorFails() {
    assertThat(findings(targetWithSelectors("[s1, s2]")))
        .containsExactly("dkim fail: selector s2: no key record: mail signed with it fails DKIM");
    // A CNAME to a provider name that does not exist is missing too, and says where it points.
    dns.records("s1.dkim.mail.example.net", "TXT");
    List<String> f = findings();
    assertThat(f)
        .containsExactly(
            "dkim fail: selector s1: no key record at the CNAME target: mail signed with it fails"
                + " DKIM");
  }

  private Target targetWithSelectors(String selectors) {
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

  @Test
  void missingMxFails() {
    dns.records("example.com", "MX");
    assertThat(findings())
        .containsExactly(
            "mx fail: no MX record: bounces and replies to this domain have nowhere to go");
  }

  @Test
  void nullMxMeansNoMailAndIsFine() {
    dns.records("example.com", "MX", "0 .");
    assertThat(findings()).isEmpty();
    dns.records("example.com", "MX", "0 .", "10 mx1.example.com.");
    assertThat(findings())
        .containsExactly(
            "mx fail: a null MX (0 .) next to other MX records: 0 ., 10 mx1.example.com");
  }

  @Test
  void mxHostWithoutAddressFails() {
    dns.records("example.com", "MX", "10 mx1.example.com.", "20 mx2.example.com.");
    assertThat(findings())
        .containsExactly(
            "mx fail: MX host mx2.example.com has no A or AAAA record: mail to it cannot be"
                + " delivered");
  }

  @Test
  void warningsFailTheTargetOnlyWithFailOnWarn() {
    dns.records("_dmarc.example.com", "TXT", "\"v=DMARC1; p=none; rua=mailto:dmarc@example.com\"");
    assertThat(verdict(target(""))).isEmpty();
    assertThat(verdict(target("expect: {fail_on: warn}")))
        .containsExactly(
            "DMARC warn: p=none: receivers deliver mail that fails DMARC as if there were no"
                + " policy — TXT _dmarc.example.com \"v=DMARC1; p=none;"
                + " rua=mailto:dmarc@example.com\" — fix: move to p=quarantine, then p=reject,"
                + " once reports show your senders pass (RFC 7489 §6.3)");
  }

  @Test
  void silentResolverFailsTheProbeWithAReason() {
    dns.silent(true);
    ProbeResult r = run(target("1s", ""));
    assertThat(r.failure())
        .isEqualTo(
            "no DNS answer for example.com: no answer from "
                + dns.address()
                + " within 250 ms (2 tries)");
  }

  @Test
  void nextResolverIsAskedWhenOneFails() {
    try (TestDnsServer broken = TestDnsServer.start()) {
      broken.servfail(true);
      String yaml =
          "targets:\n  - name: mail\n    timeout: 5s\n"
              + "    email_auth: {domain: example.com, dkim_selectors: [s1], resolvers: [\""
              + broken.address()
              + "\", \""
              + dns.address()
              + "\"]}\n";
      Target t;
      try {
        t = new ConfigLoader(k -> null).parse("test.yaml", dir, yaml).targets().get(0);
      } catch (dev.lookout.config.ConfigException e) {
        throw new AssertionError(e.getMessage(), e);
      }
      assertThat(findings(t)).isEmpty();
      assertThat(((MailRecords) run(t).observation()).queries()).isEqualTo(14);
    }
  }
}
