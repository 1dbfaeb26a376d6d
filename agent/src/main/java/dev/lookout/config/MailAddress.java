package dev.lookout.config;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A bare mail address ({@code ops@example.com}) as every sender of mail reads it: it goes into
 * SMTP's {@code MAIL FROM} and {@code RCPT TO} and into the mail's header lines, so no spaces,
 * control characters or the characters that separate or bracket addresses.
 */
public final class MailAddress {
  private static final Pattern PLAIN_ADDRESS_BREAKERS =
      Pattern.compile("[\\s\\p{Cntrl}\\u0080-\\u009f\\u2028\\u2029<>,;]");

  private MailAddress() {}

  /** The address under {@code key}, or null (absent, or not plain: then with an error). */
  public static String read(MapReader m, String key) {
    Node node = m.node(key);
    return node == null ? null : read(m, node, key);
  }

  static String read(MapReader m, Node item, String key) {
    String addr = m.reader().text(item, m.describe(key));
    if (addr == null) {
      return null;
    }
    if (PLAIN_ADDRESS_BREAKERS.matcher(addr).find() || !addr.contains("@")) {
      m.reader()
          .error(
              item,
              m.describe(key)
                  + ": \""
                  + WireText.printable(addr)
                  + "\" is not a plain mail address (write it as name@example.com)");
      return null;
    }
    return addr;
  }

  /** The domain of a plain address, lower case: {@code example.com}. */
  public static String domain(String address) {
    return address.substring(address.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
  }
}
