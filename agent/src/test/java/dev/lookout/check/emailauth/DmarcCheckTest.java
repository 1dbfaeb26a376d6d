package dev.lookout.check.emailauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import org.junit.jupiter.api.Test;

/** DMARC (RFC 7489) findings, each from a record served on loopback. */
class DmarcCheckTest extends EmailAuthTestBase {
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

  private Target subdomain() {
    String yaml =
        "targets:\n  - name: mail\n    timeout: 5s\n"
            + "    email_auth: {domain: mail.example.com, resolvers: [\""
            + dns.address()
            + "\"]}\n";
    try {
      return new ConfigLoader(k -> null).parse("test.yaml", dir, yaml).targets().get(0);
    } catch (dev.lookout.config.ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  @Test
  void subdomainInheritsTheParentsRecordAndItsSubdomainPolicy() {
    dns.records("mail.example.com", "TXT", "\"v=spf1 -all\"")
        .records("mail.example.com", "MX", "0 .");
    assertThat(findings(subdomain())).isEmpty();

    dns.records(
        "_dmarc.example.com",
        "TXT",
        "\"v=DMARC1; p=reject; sp=none; rua=mailto:dmarc@example.com\"");
    assertThat(findings(subdomain()))
        .containsExactly(
            "dmarc warn: sp=none: receivers deliver mail that fails DMARC as if there were no"
                + " policy");

    dns.records("_dmarc.example.com", "TXT");
    assertThat(findings(subdomain()))
        .containsExactly(
            "dmarc fail: no DMARC record (no TXT record starting with v=DMARC1 here or at"
                + " _dmarc.example.com)");
  }

  @Test
  void ownersWalkUpToTwoLabels() {
    assertThat(DmarcCheck.owners("a.b.mail.example.co.uk"))
        .containsExactly(
            "a.b.mail.example.co.uk",
            "b.mail.example.co.uk",
            "mail.example.co.uk",
            "example.co.uk",
            "co.uk");
    assertThat(DmarcCheck.owners("example.com")).containsExactly("example.com");
  }
}
