package dev.lookout.config;

import java.util.function.Function;

/**
 * The text parsers behind {@link MapReader}'s typed single values (whole numbers, numbers, {@code
 * true}/{@code false}, IP addresses). Each throws {@link IllegalArgumentException} with the words
 * that follow the key's path in the error ({@code "x" is not a whole number}).
 */
final class ScalarParsers {
  private ScalarParsers() {}

  /** A whole number from {@code min} to {@code max}. */
  static Function<String, Integer> wholeNumber(int min, int max) {
    return text -> {
      int v;
      try {
        v = Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("\"" + text + "\" is not a whole number");
      }
      if (v < min || v > max) {
        throw new IllegalArgumentException(v + " is out of range (" + min + " to " + max + ")");
      }
      return v;
    };
  }

  /** A number, whole or not. */
  static Double number(String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a number");
    }
  }

  /** {@code true} or {@code false}. */
  static Boolean trueOrFalse(String text) {
    return switch (text.trim()) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("\"" + text + "\" is not true or false");
    };
  }

  /**
   * An IP address with an optional port; a name is refused, since resolving it would need the
   * resolver being configured.
   */
  static Function<String, HostPort> ipAddress(int defaultPort) {
    return text -> {
      try {
        HostPort hp = HostPort.parse(text, defaultPort);
        org.xbill.DNS.Address.getByAddress(hp.host());
        return hp;
      } catch (IllegalArgumentException | java.net.UnknownHostException ex) {
        throw new IllegalArgumentException(
            "\""
                + text
                + "\" is not an IP address with an optional port (write 9.9.9.9,"
                + " 127.0.0.1:5353 or [2620:fe::fe]:53)");
      }
    };
  }
}
