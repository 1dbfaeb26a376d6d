package dev.lookout.probe;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * Does a certificate cover the name we asked for? RFC 6125 as browsers apply it: only the
 * subjectAltName counts (no fallback to the subject's CN, which CAs stopped relying on), names
 * compare case-insensitively in their ASCII form, and a wildcard is a whole left-most label that
 * stands for exactly one label ({@code *.example.com} covers {@code api.example.com}, neither
 * {@code example.com} nor {@code a.b.example.com}). An IP address matches only an IP entry. The
 * {@code tls} check judges names with it, and the {@code http} check's handshakes say a refused
 * name with it ({@link ExplainingTrustManager}).
 */
public final class HostnameMatcher {
  private HostnameMatcher() {}

  /** Null when the name matches; otherwise why not, in words. */
  public static String problem(X509Certificate leaf, String reference) {
    List<String> names = CertificateChain.subjectAltNames(leaf);
    if (names.isEmpty()) {
      return "name mismatch: the certificate lists no names (no subjectAltName), served for \""
          + CertificateChain.name(leaf)
          + "\"";
    }
    InetAddress ip = ipLiteral(reference);
    for (String name : names) {
      if (ip != null ? ip.equals(ipLiteral(name)) : matches(name, reference)) {
        return null;
      }
    }
    return "name mismatch: served for " + summary(names);
  }

  static boolean matches(String pattern, String host) {
    String p = ascii(pattern);
    String h = ascii(host);
    if (p == null || h == null || ipLiteral(p) != null) {
      return false;
    }
    if (!p.startsWith("*.")) {
      return p.equals(h);
    }
    String suffix = p.substring(1); // ".example.com"
    // A wildcard needs at least two labels after it, so *.com never matches.
    if (suffix.indexOf('.', 1) < 0) {
      return false;
    }
    int dot = h.indexOf('.');
    return dot > 0 && h.substring(dot).equals(suffix);
  }

  private static String ascii(String name) {
    String n = name.trim();
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    try {
      return IDN.toASCII(n, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Parses an IP literal without DNS; null for names. */
  private static InetAddress ipLiteral(String s) {
    String h = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    try {
      return org.xbill.DNS.Address.getByAddress(h);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String summary(List<String> names) {
    int shown = Math.min(5, names.size());
    String list = String.join(", ", names.subList(0, shown));
    return names.size() > shown ? list + " and " + (names.size() - shown) + " more" : list;
  }
}
