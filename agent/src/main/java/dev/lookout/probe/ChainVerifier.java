package dev.lookout.probe;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Verifies a chain captured without trusting it, with the JDK's PKIX validator (revocation not
 * checked: that would need network fetches per probe). Separate from the handshake so an expired,
 * self-signed or unknown chain still yields its dates, plus the precise reason it fails. The one
 * wording of a chain's trust problem: the {@code tls} check judges the chains it captures with it,
 * and the {@code http} check's handshakes explain a refused chain with it ({@link
 * ExplainingTrustManager}).
 */
public final class ChainVerifier {
  private ChainVerifier() {}

  /**
   * @param path the certificates up to (not including) the trust anchor, leaf first; the chain to
   *     judge expiry on when trusted
   * @param problem null when the chain is trusted
   */
  public record Verification(List<X509Certificate> path, String problem) {
    public Verification {
      path = List.copyOf(path);
    }
  }

  public static Verification verify(
      List<X509Certificate> served, Set<TrustAnchor> anchors, Instant now) {
    List<X509Certificate> ordered = CertificateChain.ordered(served);
    // Cut at the first certificate the trust store already holds (by name and key): anything
    // served above it, such as an old cross-signed root, is not on the path a client builds.
    List<X509Certificate> path = new ArrayList<>();
    TrustAnchor reached = null;
    for (X509Certificate c : ordered) {
      reached = anchorFor(c, anchors);
      if (reached != null) {
        break;
      }
      if (!path.isEmpty() && CertificateChain.selfSigned(c)) {
        break;
      }
      path.add(c);
    }
    if (path.isEmpty()) {
      // The leaf itself is a trust anchor (a pinned self-signed certificate in ca_file).
      X509Certificate leaf = ordered.get(0);
      return new Verification(List.of(leaf), dates(leaf, 0, now));
    }
    if (anchors.isEmpty()) {
      return new Verification(path, "no trust anchors available to verify the chain");
    }
    return new Verification(path, validate(path, reached == null ? anchors : Set.of(reached), now));
  }

  private static TrustAnchor anchorFor(X509Certificate c, Set<TrustAnchor> anchors) {
    for (TrustAnchor a : anchors) {
      X509Certificate t = a.getTrustedCert();
      if (t != null
          && t.getSubjectX500Principal().equals(c.getSubjectX500Principal())
          && t.getPublicKey().equals(c.getPublicKey())) {
        return a;
      }
    }
    return null;
  }

  private static String validate(
      List<X509Certificate> path, Set<TrustAnchor> anchors, Instant now) {
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
      return null;
    } catch (CertPathValidatorException e) {
      return reason(e, path, now);
    } catch (GeneralSecurityException e) {
      return "chain could not be verified: " + e.getMessage();
    }
  }

  private static String reason(
      CertPathValidatorException e, List<X509Certificate> path, Instant now) {
    int index = e.getIndex();
    X509Certificate cert = index >= 0 && index < path.size() ? path.get(index) : null;
    if (e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID) {
      String dated = cert == null ? null : dates(cert, index, now);
      return dated != null ? dated : "chain is outside its validity period";
    }
    if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
      X509Certificate top = path.get(path.size() - 1);
      if (path.size() == 1 && CertificateChain.selfSigned(top)) {
        return "self-signed certificate, not in the trust store or ca_file";
      }
      return "issuer \""
          + CertificateChain.issuerName(top)
          + "\" is not a trusted CA (missing intermediate certificate, or a root not in the trust"
          + " store or ca_file)";
    }
    if (e.getReason() == BasicReason.INVALID_SIGNATURE) {
      return "signature of " + which(cert, index) + " does not verify";
    }
    return "chain does not verify"
        + (cert == null ? "" : " at " + which(cert, index))
        + ": "
        + e.getMessage();
  }

  /** Null when the certificate is within its validity period at {@code now}. */
  private static String dates(X509Certificate c, int index, Instant now) {
    Instant from = c.getNotBefore().toInstant();
    Instant to = c.getNotAfter().toInstant();
    if (now.isBefore(from)) {
      return which(c, index) + " is not valid until " + LocalDate.ofInstant(from, ZoneOffset.UTC);
    }
    if (now.isAfter(to)) {
      return which(c, index) + " expired on " + LocalDate.ofInstant(to, ZoneOffset.UTC);
    }
    return null;
  }

  private static String which(X509Certificate c, int index) {
    if (c == null) {
      return "a certificate";
    }
    return index == 0 ? "the certificate" : "intermediate \"" + CertificateChain.name(c) + "\"";
  }
}
