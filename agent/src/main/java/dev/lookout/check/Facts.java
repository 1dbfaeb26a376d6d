package dev.lookout.check;

import dev.lookout.probe.CertificateChain;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The wording the check types share in their facts: counts, numbers and certificate days. */
public final class Facts {
  private Facts() {}

  /**
   * The fewer of {@code days} and the whole days left on {@code chain} (negative once it expired);
   * {@code days} when there is no chain. Null {@code days}: none seen yet.
   */
  public static Long earliest(Long days, CertificateChain chain, Instant now) {
    if (chain == null) {
      return days;
    }
    long left = Math.floorDiv(Duration.between(now, chain.earliestNotAfter()).toSeconds(), 86_400);
    return days == null ? left : Math.min(days, left);
  }

  /** {@code certificate: 45 days left}, or {@code certificate expired 3 days ago}. */
  public static String certificate(long days) {
    return days < 0
        ? "certificate expired " + plural(-days, "day", "days") + " ago"
        : "certificate: " + plural(days, "day", "days") + " left";
  }

  /** A whole number with separators ({@code 1,234}), or one decimal when it is not whole. */
  public static String whole(double v) {
    return Math.abs(v - Math.rint(v)) < 0.05
        ? String.format(Locale.ROOT, "%,d", (long) Math.rint(v))
        : String.format(Locale.ROOT, "%,.1f", v);
  }

  /**
   * One line of the {@code certificates} detail field, which the launch-readiness report reads for
   * its inventory: tab-separated host, address, subject, issuer, notBefore, notAfter (the earliest
   * on the path) and {@code trusted} or the problem; tabs and line breaks inside names become
   * spaces. Null when there is no chain.
   */
  public static String certificateLine(
      String host, String address, CertificateChain chain, String trust) {
    if (chain == null) {
      return null;
    }
    java.security.cert.X509Certificate leaf = chain.leaf();
    return String.join(
        "\t",
        column(host),
        column(address),
        column(CertificateChain.name(leaf)),
        column(CertificateChain.issuerName(leaf)),
        leaf.getNotBefore().toInstant().toString(),
        chain.earliestNotAfter().toString(),
        column(trust == null ? "trusted" : trust));
  }

  private static String column(String s) {
    return s == null ? "" : s.replaceAll("[\\t\\r\\n]", " ");
  }

  /** {@code 1 server}, {@code 2 servers}. */
  public static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
