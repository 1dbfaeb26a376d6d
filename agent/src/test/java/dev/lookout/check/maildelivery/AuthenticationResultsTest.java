package dev.lookout.check.maildelivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.maildelivery.AuthenticationResults.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8601 headers as receivers write them, folded, commented and quoted. */
class AuthenticationResultsTest {

  @Test
  void readsGmailsHeader() {
    AuthenticationResults ar =
        AuthenticationResults.parse(
            "mx.google.com;\r\n       dkim=pass header.i=@example.com header.s=s1"
                + " header.b=\"Ab+/cd==\";\r\n       spf=pass (google.com: domain of"
                + " bounce@bounce.example.com designates 203.0.113.7 as permitted sender)"
                + " smtp.mailfrom=bounce@bounce.example.com;\r\n       dmarc=pass (p=REJECT"
                + " sp=REJECT dis=NONE) header.from=example.com");
    assertThat(ar.authservId()).isEqualTo("mx.google.com");
    assertThat(ar.results())
        .extracting(Result::method, Result::result)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dkim", "pass"),
            org.assertj.core.groups.Tuple.tuple("spf", "pass"),
            org.assertj.core.groups.Tuple.tuple("dmarc", "pass"));
    assertThat(ar.of(AuthMethod.SPF).get(0).property("smtp.mailfrom"))
        .isEqualTo("bounce@bounce.example.com");
    assertThat(ar.of(AuthMethod.DKIM).get(0).property("header.b")).isEqualTo("Ab+/cd==");
    assertThat(ar.of(AuthMethod.DMARC).get(0).property("header.from")).isEqualTo("example.com");
  }

  @Test
  void versionsCommentsAndSpacesAroundEqualsAreRead() {
    AuthenticationResults ar =
        AuthenticationResults.parse(
            "MX.Example.Net 1 (the (nested) comment); SPF/1 = Fail (no; really)"
                + " smtp.mailfrom = \"a;b@example.com\"; dkim=none");
    assertThat(ar.authservId()).isEqualTo("mx.example.net");
    assertThat(ar.results())
        .containsExactly(
            new Result("spf", "fail", java.util.Map.of("smtp.mailfrom", "a;b@example.com")),
            new Result("dkim", "none", java.util.Map.of()));
  }

  @Test
  void noResultAndGarbageGiveNoResults() {
    assertThat(AuthenticationResults.parse("mx.example.net; none").results()).isEmpty();
    assertThat(AuthenticationResults.parse("   ")).isNull();
    assertThat(AuthenticationResults.parse("mx.example.net; =; spf; ==x").results()).isEmpty();
  }

  @Test
  void theMailFromResultWinsOverTheHeloOne() {
    MailAuth auth =
        MailAuth.choose(
            List.of(
                "mx.example.net; spf=none smtp.helo=relay.esp.net;"
                    + " spf=pass smtp.mailfrom=bounce.esp.net"),
            "example.net",
            "example.com");
    assertThat(auth.spf().result()).isEqualTo("pass");
    assertThat(auth.receiver()).isEqualTo("mx.example.net");
  }

  @Test
  void theFromDomainsPassingSignatureIsTheOneReported() {
    MailAuth auth =
        MailAuth.choose(
            List.of(
                "mx.example.net; dkim=fail header.d=old.test; dkim=pass header.d=esp.net;"
                    + " dkim=pass header.d=example.com"),
            "mx.example.net",
            "example.com");
    assertThat(auth.dkim().property("header.d")).isEqualTo("example.com");
  }

  @Test
  void aLookalikeNameIsNotTheReceiver() {
    MailAuth auth =
        MailAuth.choose(
            List.of("mx.example.net.evil.test; dkim=pass", "notexample.net; dkim=pass"),
            "example.net",
            "example.com");
    assertThat(auth.receiver()).isNull();
    assertThat(auth.others()).containsExactly("mx.example.net.evil.test", "notexample.net");
  }
}
