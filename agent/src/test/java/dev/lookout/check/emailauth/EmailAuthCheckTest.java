package dev.lookout.check.emailauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestDnsServer;
import org.junit.jupiter.api.Test;

/** The email_auth check as a whole: the clean domain, MX, the verdict, and resolver failures. */
class EmailAuthCheckTest extends EmailAuthTestBase {
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
