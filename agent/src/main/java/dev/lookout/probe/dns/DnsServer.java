package dev.lookout.probe.dns;

import dev.lookout.config.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.xbill.DNS.Address;

/**
 * One DNS server to ask: its socket address and the name findings use for it ({@code 9.9.9.9},
 * {@code 127.0.0.1:5353}, or a nameserver's host name such as {@code ns1.example.com}).
 */
public record DnsServer(InetSocketAddress address, String name) {
  public static final int PORT = 53;

  public DnsServer {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(name, "name");
  }

  /** A server named by its address: the port is shown only when it is not 53. */
  public static DnsServer of(InetSocketAddress address) {
    return new DnsServer(address, label(address));
  }

  /** A server written as {@code ip}, {@code ip:port}, {@code [v6]:port} or a bare IPv6 address. */
  public static DnsServer parse(String text) {
    HostPort hp = HostPort.parse(text, PORT);
    InetAddress ip;
    try {
      ip = Address.getByAddress(hp.host());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not an IP address (write 9.9.9.9, 127.0.0.1:5353 or [::1]:53)");
    }
    return of(new InetSocketAddress(ip, hp.port()));
  }

  private static String label(InetSocketAddress a) {
    return HostPort.format(DnsValues.address(a.getAddress()), a.getPort(), PORT);
  }

  @Override
  public String toString() {
    return name;
  }
}
