package dev.lookout.check.tls;

import dev.lookout.config.Choices;
import dev.lookout.config.HostPort;
import dev.lookout.config.MapReader;
import dev.lookout.config.WireText;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Reads {@code tls:} and its expectations. */
public final class TlsCheckParser {
  private static final Choices<TlsCheck.StartTls> STARTTLS =
      Choices.<TlsCheck.StartTls>none()
          .or("smtp", TlsCheck.StartTls.SMTP)
          .alias("none", TlsCheck.StartTls.NONE)
          .alias("false", TlsCheck.StartTls.NONE)
          .ignoringCase();

  public TlsCheck parse(MapReader m, MapReader e) {
    String host = name(m, "host", m.required("host"));
    int port = m.integer("port", TlsCheck.DEFAULT_PORT, 1, 65535);
    String sni = name(m, "sni", m.string("sni"));
    List<String> addresses = addresses(m);
    Path caFile = m.path("ca_file");
    TlsCheck.StartTls starttls = m.choice("starttls", TlsCheck.StartTls.NONE, STARTTLS);
    List<HostPort> resolvers = m.ipAddresses("resolvers", 53);
    m.finish();
    TlsExpect expect = expect(e);
    e.finish();
    if (host == null || host.isBlank()) {
      return null;
    }
    String name = host.trim();
    return new TlsCheck(
        name,
        port,
        sni == null ? name : sni.trim(),
        addresses,
        caFile,
        starttls,
        expect,
        resolvers);
  }

  /**
   * A host name that goes into the TLS handshake (SNI) or EHLO: one word, no control characters.
   */
  private static String name(MapReader m, String key, String text) {
    String problem = text == null ? null : WireText.wordProblem(text.trim());
    if (problem != null) {
      m.error(key, m.describe(key) + " " + problem);
      return null;
    }
    return text;
  }

  /** {@code all} (the default) or a list of addresses (or names) to connect to instead. */
  private static List<String> addresses(MapReader m) {
    if (!m.has("addresses") || m.isWord("addresses", "all")) {
      return List.of();
    }
    List<String> out = m.strings("addresses");
    if (out.isEmpty() || out.stream().anyMatch(String::isBlank)) {
      m.error(
          "addresses",
          m.describe("addresses") + " must be \"all\" or a list of addresses to connect to");
      return List.of();
    }
    return out.stream().map(String::trim).toList();
  }

  private static TlsExpect expect(MapReader e) {
    Double lifetime =
        e.parsed(
            "lifetime_left_above",
            null,
            s -> {
              double v;
              try {
                v = Double.parseDouble(s.trim());
              } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("\"" + s + "\" is not a number");
              }
              if (v < 0 || v >= 1) {
                throw new IllegalArgumentException(
                    s.trim() + " is not a fraction from 0 to below 1 (write 0.33 for a third)");
              }
              return v;
            });
    String version = e.parsed("min_tls_version", null, TlsCheckParser::version);
    return new TlsExpect(
        e.integer("days_left_above", null, 0, 3650),
        lifetime,
        e.bool("hostname_match", true),
        e.bool("chain_trusted", true),
        version,
        e.bool("same_cert_on_all_addresses", null));
  }

  /** Accepts {@code 1.2}, {@code TLSv1.2} or {@code tls1.2}; returns the JDK's name. */
  private static String version(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT).replace("tlsv", "").replace("tls", "");
    String name = s.equals("1.0") ? "TLSv1" : "TLSv" + s;
    if (!TlsExpect.VERSIONS.contains(name)) {
      throw new IllegalArgumentException("\"" + text + "\" is not one of 1.0, 1.1, 1.2, 1.3");
    }
    return name;
  }
}
