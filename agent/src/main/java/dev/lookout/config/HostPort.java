package dev.lookout.config;

/** A listen or peer address; IPv6 hosts are written in brackets: {@code [::1]:9464}. */
public record HostPort(String host, int port) {

  public static HostPort parse(String text, int defaultPort) {
    String s = text.trim();
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("\"" + text + "\": missing \"]\" after an IPv6 address");
      }
      String host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (rest.isEmpty()) {
        return new HostPort(host, defaultPort);
      }
      if (!rest.startsWith(":")) {
        throw new IllegalArgumentException("\"" + text + "\" is not host:port");
      }
      return new HostPort(host, port(rest.substring(1), text));
    }
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      return new HostPort(s, defaultPort);
    }
    if (s.indexOf(':') != colon) {
      return new HostPort(s, defaultPort); // a bare IPv6 address
    }
    return new HostPort(
        colon == 0 ? "0.0.0.0" : s.substring(0, colon), port(s.substring(colon + 1), text));
  }

  private static int port(String p, String text) {
    try {
      int port = Integer.parseInt(p);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\": port must be a number from 0 to 65535");
    }
  }

  /**
   * A peer as reasons and labels print it: {@code 203.0.113.7:443}, {@code [2001:db8::1]:443} (an
   * IPv6 host in brackets, RFC 3986 §3.2.2). The one formatter of {@code host:port} in Lookout.
   */
  public static String format(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** {@link #format(String, int)}, or the bare host when {@code port} is the protocol's default. */
  public static String format(String host, int port, int defaultPort) {
    return port == defaultPort ? host : format(host, port);
  }

  /**
   * Whether only this machine can reach the address: {@code 127.0.0.0/8}, {@code ::1}, localhost.
   */
  public boolean loopback() {
    String h = host.toLowerCase(java.util.Locale.ROOT);
    return h.equals("localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("127(\\.\\d{1,3}){3}");
  }

  @Override
  public String toString() {
    return format(host, port);
  }
}
