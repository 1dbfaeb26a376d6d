package dev.lookout.check.emailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DKIM key (RFC 6376, RFC 8301) findings, with keys generated for each test. */
class DkimCheckTest extends EmailAuthTestBase {
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
}
