package dev.lookout.check.maildelivery;

import dev.lookout.config.HostPort;

/**
 * Where the probe reads its mail back: an IMAP server and a login.
 *
 * @param tls {@code implicit} (TLS from the first byte, port 993), {@code starttls} (port 143), or
 *     {@code none} (loopback tests only)
 * @param password a secret: never printed
 */
public record ImapSettings(String host, int port, Tls tls, String username, String password) {
  /** How the IMAP connection is secured. */
  public enum Tls {
    IMPLICIT(993),
    STARTTLS(143),
    NONE(143);

    private final int defaultPort;

    Tls(int defaultPort) {
      this.defaultPort = defaultPort;
    }

    public int defaultPort() {
      return defaultPort;
    }
  }

  /** {@code imap.example.com:993}: how findings name the server. */
  public String peer() {
    return HostPort.format(host, port);
  }

  @Override
  public String toString() {
    return "Imap[" + peer() + ", " + tls + "]";
  }
}
