package dev.lookout.check.emailauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.HostPort;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmailAuthCheckParserTest {
  @TempDir Path dir;

  private EmailAuthCheck parse(String target) throws ConfigException {
    return (EmailAuthCheck)
        new ConfigLoader(k -> null)
            .parse("lookout.yaml", dir, "targets:\n  - name: m\n" + target)
            .targets()
            .get(0)
            .check();
  }

  private String error(String target) {
    try {
      parse(target);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a config error");
  }

  @Test
  void defaultsAreTheRfcRulesWithAnyPolicy() throws ConfigException {
    EmailAuthCheck c = parse("    email_auth: {domain: Example.COM.}\n");
    assertThat(c.type()).isEqualTo("email_auth");
    assertThat(c.domain()).isEqualTo("example.com");
    assertThat(c.dkimSelectors()).isEmpty();
    assertThat(c.resolvers()).isEmpty();
    assertThat(c.expect()).isEqualTo(EmailAuthExpect.DEFAULT);
    assertThat(c.expect().spfAll()).containsExactly("-all", "~all");
  }

  @Test
  void everyKeyIsRead() throws ConfigException {
    EmailAuthCheck c =
        parse(
            """
                email_auth:
                  domain: example.com
                  dkim_selectors: [Google, s1, k1.mail]
                  resolvers: ["9.9.9.9", "127.0.0.1:5353", "[::1]:53"]
                expect: {dmarc_policy: [quarantine, reject], spf_all: [-all], fail_on: warn}
            """);
    assertThat(c.dkimSelectors()).containsExactly("google", "s1", "k1.mail");
    assertThat(c.resolvers())
        .containsExactly(
            new HostPort("9.9.9.9", 53), new HostPort("127.0.0.1", 5353), new HostPort("::1", 53));
    assertThat(c.expect())
        .isEqualTo(
            new EmailAuthExpect(
                List.of("quarantine", "reject"), List.of("-all"), EmailAuthExpect.Level.WARN));
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(
            "email_auth: {dkim_selectors: [s1]}",
            "lookout.yaml:3:17: target \"m\".email_auth needs \"domain\""),
        Arguments.of(
            "email_auth: {domain: example.com, dkim_selectors: [\"s1._domainkey\", \"bad sel\"]}",
            "lookout.yaml:3:73: target \"m\".email_auth.dkim_selectors: \"bad sel\" is not a"
                + " selector (letters, digits, hyphens; e.g. google, s1, k1)"),
        Arguments.of(
            "email_auth: {domain: example.com, resolvers: [dns.google]}",
            "\"dns.google\" is not an IP address with an optional port"),
        Arguments.of(
            "email_auth: {domain: example.com}\n    expect: {dmarc_policy: [strict]}",
            "lookout.yaml:4:29: target \"m\".expect.dmarc_policy: \"strict\" is not one of none,"
                + " quarantine, reject"),
        Arguments.of(
            "email_auth: {domain: example.com}\n    expect: {spf_all: [+all]}",
            "\"+all\" is not one of -all, ~all, ?all (+all lets anyone send as the domain)"),
        Arguments.of(
            "email_auth: {domain: example.com}\n    expect: {fail_on: error}",
            "target \"m\".expect.fail_on: \"error\" is not one of fail, warn"),
        Arguments.of(
            "email_auth: {domain: example.com, selectors: [s1]}",
            "unknown key \"selectors\" in target \"m\".email_auth (valid keys: domain,"
                + " dkim_selectors, resolvers)"),
        Arguments.of(
            "email_auth: {domain: example.com}\n    expect: {dmarc: [reject]}",
            "unknown key \"dmarc\" in target \"m\".expect (valid keys: dmarc_policy, spf_all,"
                + " fail_on)"),
        Arguments.of(
            "email_auth: {domain: example.com}\n    expect: {spf_al: [-all]}",
            "unknown key \"spf_al\" in target \"m\".expect (did you mean \"spf_all\"?)"));
  }

  @ParameterizedTest
  @MethodSource("mistakes")
  void mistakesAreExplained(String target, String message) {
    assertThat(error("    " + target + "\n")).contains(message);
  }
}
