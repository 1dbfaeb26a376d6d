package dev.lookout.check.maildelivery;

import java.util.Locale;

/**
 * DMARC's relaxed alignment (RFC 7489 §3.1), approximated without the public suffix list: two
 * domains align when one is the other or a subdomain of it ({@code bounce.example.com} and {@code
 * example.com}). It only shapes the wording of a finding; the receiver's {@code dmarc=} result is
 * the verdict.
 */
final class Alignment {
  private Alignment() {}

  static boolean aligned(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    String x = a.toLowerCase(Locale.ROOT);
    String y = b.toLowerCase(Locale.ROOT);
    return x.equals(y) || x.endsWith("." + y) || y.endsWith("." + x);
  }

  /** The domain of {@code smtp.mailfrom}, which may be an address or a bare domain. */
  static String domain(String mailFrom) {
    if (mailFrom == null) {
      return null;
    }
    int at = mailFrom.lastIndexOf('@');
    return (at >= 0 ? mailFrom.substring(at + 1) : mailFrom).toLowerCase(Locale.ROOT);
  }
}
