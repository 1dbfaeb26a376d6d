package dev.lookout.check.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.HostPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DnsCheckParserTest {
  @TempDir Path dir;

  private DnsCheck parse(String target) throws ConfigException {
    return (DnsCheck)
        new ConfigLoader(k -> null)
            .parse("lookout.yaml", dir, "targets:\n  - name: d\n" + target)
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
  void expectedValuesAreNormalisedAndTypesComeFromExpect() throws ConfigException {
    DnsCheck c =
        parse(
            """
                dns: {name: Example.COM., resolvers: ["9.9.9.9", "127.0.0.1:5353", "[::1]:53"]}
                expect:
                  MX: ["10 MX1.example.com"]
                  AAAA: ["2001:0DB8:0:0:0:0:0:1"]
                  CAA: ['0 ISSUE letsencrypt.org']
                  SRV: ["10 5 443 Sip.Example.com"]
            """);
    assertThat(c.name()).isEqualTo("example.com");
    assertThat(c.types()).containsExactly("AAAA", "MX", "CAA", "SRV");
    assertThat(c.expect().records())
        .containsEntry("MX", List.of("10 mx1.example.com."))
        .containsEntry("AAAA", List.of("2001:db8::1"))
        .containsEntry("CAA", List.of("0 issue \"letsencrypt.org\""))
        .containsEntry("SRV", List.of("10 5 443 sip.example.com."));
    assertThat(c.resolvers())
        .containsExactly(
            new HostPort("9.9.9.9", 53), new HostPort("127.0.0.1", 5353), new HostPort("::1", 53));
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.retries()).isEqualTo(1);
    assertThat(c.authoritative()).isFalse();
  }

  @Test
  void baselineChecksTheUsualTypes() throws ConfigException {
    DnsCheck c = parse("    dns: {name: example.com, baseline: true}\n");
    assertThat(c.baseline()).isTrue();
    assertThat(c.types()).containsExactly("A", "AAAA", "CNAME", "MX", "TXT", "NS", "CAA");
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(
            "dns: {name: example.com}",
            "lookout.yaml:3:10: target \"d\".dns needs expected records (expect: {A:"
                + " [203.0.113.10]}, or expect_from: a zone file) or baseline: true to learn them"),
        Arguments.of(
            "dns: {name: example.com}\n    expect: {A: [example.org]}",
            "lookout.yaml:4:18: target \"d\".expect.A: \"example.org\" is not an IPv4 address"),
        Arguments.of(
            "dns: {name: example.com, baseline: true}\n    expect: {A: [192.0.2.1]}",
            "baseline: true learns the records itself"),
        Arguments.of(
            "dns: {name: example.com, resolvers: [dns.google]}\n    expect: {A: [192.0.2.1]}",
            "\"dns.google\" is not an IP address with an optional port"),
        Arguments.of(
            "dns: {name: example.com, ttl: 300}\n    expect: {A: [192.0.2.1]}",
            "\"300\" is not one of ignore, exact, at_most (the expected TTL itself goes under"
                + " expect: {ttl: 300})"),
        Arguments.of(
            "dns: {name: example.com, ttl: exact}\n    expect: {A: [192.0.2.1], ttl: 300}",
            "exact applies to authoritative answers only (resolvers count TTLs down)"),
        Arguments.of(
            "dns: {name: example.com, authoritative: true, ttl: at_most}\n"
                + "    expect: {A: [192.0.2.1]}",
            "at_most needs the expected TTL: add expect: {ttl: 300}"),
        Arguments.of(
            "dns: {name: example.com, types: [A, PTR]}\n    expect: {A: [192.0.2.1]}",
            "\"PTR\" is not a record type this check compares"),
        Arguments.of(
            "dns: {name: example.com, resolver: [9.9.9.9]}\n    expect: {A: [192.0.2.1]}",
            "unknown key \"resolver\" in target \"d\".dns (did you mean \"resolvers\"?)"),
        Arguments.of(
            "dns: {name: example.com}\n    expect: {MX: [mx1.example.com]}",
            "is not a valid MX value (write preference and host, like \"10 mx1.example.com.\")"));
  }

  @ParameterizedTest
  @MethodSource("mistakes")
  void mistakesAreExplained(String target, String message) {
    assertThat(error("    " + target + "\n")).contains(message);
  }

  @Test
  void expectedRecordsComeFromAnOctoDnsZoneFile() throws IOException, ConfigException {
    Files.createDirectories(dir.resolve("zones"));
    Files.writeString(
        dir.resolve("zones/example.com.yaml"),
        """
        ---
        '':
          - type: A
            values: [203.0.113.10, 203.0.113.11]
          - type: MX
            ttl: 300
            values:
              - exchange: mx1.example.com.
                preference: 10
          - type: TXT
            value: v=spf1 include:_spf.example.com -all
          - type: CAA
            value: {flags: 0, tag: issue, value: letsencrypt.org}
          - type: ALIAS
            value: elsewhere.example.net.
        www:
          type: CNAME
          value: example.com.
        _sip._tcp:
          type: SRV
          values:
            - {priority: 10, weight: 20, port: 5060, target: sip.example.com.}
        dkim._domainkey:
          type: TXT
          value: v=DKIM1\\; k=rsa\\; p=MIGf
        """);
    DnsCheck apex = parse("    dns: {name: example.com, expect_from: zones/example.com.yaml}\n");
    assertThat(apex.types()).containsExactly("A", "MX", "TXT", "CAA");
    assertThat(apex.expect().records())
        .containsEntry("A", List.of("203.0.113.10", "203.0.113.11"))
        .containsEntry("MX", List.of("10 mx1.example.com."))
        .containsEntry("TXT", List.of("v=spf1 include:_spf.example.com -all"))
        .containsEntry("CAA", List.of("0 issue \"letsencrypt.org\""));
    assertThat(apex.expect().ttlOf("MX")).isEqualTo(300);
    assertThat(apex.expect().ttlOf("A")).isEqualTo(3600);

    DnsCheck www = parse("    dns: {name: www.example.com, expect_from: zones/example.com.yaml}\n");
    assertThat(www.expect().records()).containsOnlyKeys("CNAME");
    DnsCheck srv =
        parse("    dns: {name: _sip._tcp.example.com, expect_from: zones/example.com.yaml}\n");
    assertThat(srv.expect().records()).containsEntry("SRV", List.of("10 20 5060 sip.example.com."));
    DnsCheck dkim =
        parse(
            "    dns: {name: dkim._domainkey.example.com, expect_from: zones/example.com.yaml}\n");
    assertThat(dkim.expect().records()).containsEntry("TXT", List.of("v=DKIM1; k=rsa; p=MIGf"));

    DnsCheck overridden =
        parse(
            "    dns: {name: example.com, expect_from: zones/example.com.yaml}\n"
                + "    expect: {A: [198.51.100.7]}\n");
    assertThat(overridden.expect().records()).containsEntry("A", List.of("198.51.100.7"));

    assertThat(error("    dns: {name: example.org, expect_from: zones/example.com.yaml}\n"))
        .contains("example.org is not in the zone example.com");
    assertThat(error("    dns: {name: nope.example.com, expect_from: zones/example.com.yaml}\n"))
        .contains("has no records for 'nope'");
  }

  @Test
  void brokenZoneFileNamesItsOwnLine() throws IOException {
    Files.writeString(
        dir.resolve("example.com.yaml"), "'':\n  - type: MX\n    value: {exchange: mx1.}\n");
    assertThatThrownBy(() -> parse("    dns: {name: example.com, expect_from: example.com.yaml}\n"))
        .hasMessageContaining(
            dir.resolve("example.com.yaml") + ":3:12: an MX value needs preference and exchange");
  }
}
