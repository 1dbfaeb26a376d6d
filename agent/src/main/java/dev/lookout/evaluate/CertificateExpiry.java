package dev.lookout.evaluate;

import dev.lookout.probe.CertificateChain;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * How soon a chain expires, in words: the one certificate logic behind the {@code tls} check's
 * {@code days_left_above} and {@code lifetime_left_above} and the {@code http} check's {@code
 * cert_days_above}. The certificate that expires first is named, so an intermediate that expires
 * before the leaf is not mistaken for the leaf.
 */
public final class CertificateExpiry {
  private CertificateExpiry() {}

  /** Whole days from now until the certificate expires; negative once it has expired. */
  public static long daysLeft(X509Certificate c, Instant now) {
    return Math.floorDiv(Duration.between(now, c.getNotAfter().toInstant()).toSeconds(), 86_400);
  }

  /**
   * Null when the earliest-expiring certificate has more than {@code daysAbove} whole days left;
   * otherwise {@code certificate expires in 5 days (2026-12-03), expected more than 14} or {@code
   * intermediate "R11" expired 3 days ago (2026-11-25), before the leaf (2027-02-01)}.
   */
  public static String daysProblem(CertificateChain chain, int daysAbove, Instant now) {
    X509Certificate earliest = chain.earliest();
    long days = daysLeft(earliest, now);
    boolean expired = now.isAfter(earliest.getNotAfter().toInstant());
    if (!expired && days > daysAbove) {
      return null;
    }
    String what =
        earliest == chain.leaf()
            ? "certificate"
            : "intermediate \"" + CertificateChain.name(earliest) + "\"";
    String text = what + " " + when(earliest, now) + " (" + date(earliest) + ")";
    if (earliest != chain.leaf()) {
      return text + ", before the leaf (" + date(chain.leaf()) + ")";
    }
    return expired ? text : text + ", expected more than " + plural(daysAbove, "day");
  }

  /**
   * Null when more than {@code fractionAbove} of the leaf's lifetime is left; otherwise {@code
   * certificate has 12% of its 47-day lifetime left (expires 2026-12-03), expected more than 33%}.
   */
  public static String lifetimeProblem(CertificateChain chain, double fractionAbove, Instant now) {
    double left = chain.lifetimeLeft(now);
    if (left > fractionAbove) {
      return null;
    }
    X509Certificate leaf = chain.leaf();
    long lifetimeDays =
        Math.round(
            Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant())
                    .toSeconds()
                / 86_400.0);
    return "certificate has "
        + percent(left)
        + " of its "
        + lifetimeDays
        + "-day lifetime left ("
        + (now.isAfter(leaf.getNotAfter().toInstant()) ? "expired " : "expires ")
        + date(leaf)
        + "), expected more than "
        + percent(fractionAbove);
  }

  /** {@code expires in 5 days}, {@code expires within a day}, {@code expired 3 days ago}. */
  public static String when(X509Certificate c, Instant now) {
    Instant notAfter = c.getNotAfter().toInstant();
    if (now.isAfter(notAfter)) {
      long ago = Duration.between(notAfter, now).toSeconds() / 86_400;
      return ago == 0 ? "expired less than a day ago" : "expired " + plural(ago, "day") + " ago";
    }
    long days = daysLeft(c, now);
    return days == 0 ? "expires within a day" : "expires in " + plural(days, "day");
  }

  public static String date(X509Certificate c) {
    return LocalDate.ofInstant(c.getNotAfter().toInstant(), ZoneOffset.UTC).toString();
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }

  private static String percent(double fraction) {
    double p = fraction * 100;
    return (p == Math.rint(p)
            ? Long.toString(Math.round(p))
            : String.format(Locale.ROOT, "%.1f", p).replaceAll("\\.0$", ""))
        + "%";
  }
}
