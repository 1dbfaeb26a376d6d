package dev.lookout.check.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookout.config.Config;
import dev.lookout.config.ConfigError;
import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code tls:} block and its expectations, read from YAML. */
class TlsCheckParserTest {
  private static final Path DIR = Path.of("/etc/lookout");

  private static TlsCheck parse(String target) throws ConfigException {
    Config c = new ConfigLoader(name -> null).parse("lookout.yaml", DIR, "targets:\n" + target);
    return (TlsCheck) c.targets().get(0).check();
  }

  private static List<String> errors(String target) {
    try {
      parse(target);
    } catch (ConfigException e) {
      return e.errors().stream().map(ConfigError::toString).toList();
    }
    throw new AssertionError("expected the config to be rejected");
  }

  @Test
  void defaultsCheckEveryAddressOnPort443ForTrustAndName() throws Exception {
    TlsCheck c = parse("  - name: api-cert\n    tls: {host: api.example.com}\n");

    assertThat(c.host()).isEqualTo("api.example.com");
    assertThat(c.port()).isEqualTo(443);
    assertThat(c.sni()).isEqualTo("api.example.com");
    assertThat(c.allAddresses()).isTrue();
    assertThat(c.starttls()).isEqualTo(TlsCheck.StartTls.NONE);
    assertThat(c.caFile()).isNull();
    assertThat(c.expect()).isEqualTo(new TlsExpect(null, null, true, true, null, null));
  }

  @Test
  void everyKeyIsRead() throws Exception {
    TlsCheck c =
        parse(
            "  - name: mx\n"
                + "    tls: {host: mx.example.com, port: 587, sni: mail.example.com,\n"
                + "          addresses: [203.0.113.7, '2001:db8::7'], ca_file: ca.pem,"
                + " starttls: smtp}\n"
                + "    expect: {days_left_above: 21, lifetime_left_above: 0.33,"
                + " hostname_match: false,\n"
                + "             chain_trusted: true, min_tls_version: '1.2',"
                + " same_cert_on_all_addresses: true}\n");

    assertThat(c.port()).isEqualTo(587);
    assertThat(c.sni()).isEqualTo("mail.example.com");
    assertThat(c.addresses()).containsExactly("203.0.113.7", "2001:db8::7");
    assertThat(c.caFile()).isEqualTo(DIR.resolve("ca.pem"));
    assertThat(c.starttls()).isEqualTo(TlsCheck.StartTls.SMTP);
    assertThat(c.expect()).isEqualTo(new TlsExpect(21, 0.33, false, true, "TLSv1.2", true));
  }

  @Test
  void addressesAllIsTheDefault() throws Exception {
    assertThat(parse("  - name: a\n    tls: {host: a.example.com, addresses: all}\n").addresses())
        .isEmpty();
  }

  @Test
  void mistakesAreReportedWithTheirPlace() {
    assertThat(
            errors(
                "  - name: a\n"
                    + "    tls: {host: a.example.com, starttls: imap, adresses: all}\n"
                    + "    expect: {lifetime_left_above: 33, min_tls_version: '1.4',"
                    + " day_left_above: 3}\n"))
        .containsExactlyInAnyOrder(
            "lookout.yaml:3:42: target \"a\".tls.starttls: \"imap\" is not one of smtp",
            "lookout.yaml:3:48: unknown key \"adresses\" in target \"a\".tls (did you mean"
                + " \"addresses\"?)",
            "lookout.yaml:4:35: target \"a\".expect.lifetime_left_above: 33 is not a fraction"
                + " from 0 to below 1 (write 0.33 for a third)",
            "lookout.yaml:4:56: target \"a\".expect.min_tls_version: \"1.4\" is not one of 1.0,"
                + " 1.1, 1.2, 1.3",
            "lookout.yaml:4:63: unknown key \"day_left_above\" in target \"a\".expect (did you"
                + " mean \"days_left_above\"?)");
  }

  @Test
  void hostIsRequired() {
    assertThatThrownBy(() -> parse("  - name: a\n    tls: {port: 443}\n"))
        .hasMessage("lookout.yaml:3:10: target \"a\".tls needs \"host\"");
  }
}
