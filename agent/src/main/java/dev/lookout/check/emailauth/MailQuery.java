package dev.lookout.check.emailauth;

import java.util.Locale;
import java.util.Set;

/**
 * One DNS question the email_auth check asks.
 *
 * @param name lower-case, without the trailing dot
 * @param type TXT, MX, A or AAAA
 */
public record MailQuery(String name, String type) {
  static final Set<String> TYPES = Set.of("TXT", "MX", "A", "AAAA");

  public MailQuery {
    name = name.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("unsupported type " + type);
    }
  }

  public static MailQuery txt(String name) {
    return new MailQuery(name, "TXT");
  }

  @Override
  public String toString() {
    return type + " " + name;
  }
}
