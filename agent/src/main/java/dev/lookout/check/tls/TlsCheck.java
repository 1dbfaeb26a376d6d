package dev.lookout.check.tls;

import dev.lookout.config.CheckSpec;
import dev.lookout.config.HostPort;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code tls:} block. Every address the host resolves to is checked on its own, because a load
 * balancer node left on an old certificate is invisible to a probe that connects only once.
 *
 * @param addresses fixed addresses to connect to; empty means every A and AAAA record of {@code
 *     host}
 * @param caFile extra trust anchors (PEM) on top of the JDK's trust store, or null
 * @param resolvers recursive resolvers to ask for the names, in order; empty means the system's
 */
public record TlsCheck(
    String host,
    int port,
    String sni,
    List<String> addresses,
    Path caFile,
    StartTls starttls,
    TlsExpect expect,
    List<HostPort> resolvers)
    implements CheckSpec {

  public static final int DEFAULT_PORT = 443;

  public TlsCheck {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(sni, "sni");
    Objects.requireNonNull(starttls, "starttls");
    Objects.requireNonNull(expect, "expect");
    addresses = List.copyOf(addresses);
    resolvers = List.copyOf(resolvers);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range");
    }
  }

  /** A check that resolves through the system's resolvers. */
  public TlsCheck(
      String host,
      int port,
      String sni,
      List<String> addresses,
      Path caFile,
      StartTls starttls,
      TlsExpect expect) {
    this(host, port, sni, addresses, caFile, starttls, expect, List.of());
  }

  @Override
  public String where() {
    return dev.lookout.config.HostPort.format(host, port)
        + (starttls == StartTls.NONE ? "" : " (STARTTLS)");
  }

  @Override
  public String type() {
    return "tls";
  }

  /** Whether every resolved address is checked, rather than a fixed list. */
  public boolean allAddresses() {
    return addresses.isEmpty();
  }

  /** A plain-text protocol that switches to TLS in-band before the handshake. */
  public enum StartTls {
    NONE,
    SMTP
  }
}
