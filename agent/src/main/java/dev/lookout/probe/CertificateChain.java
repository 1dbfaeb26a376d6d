package dev.lookout.probe;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A served certificate chain put in order: the leaf, then each issuer in turn. Servers send extra,
 * missing or out-of-order certificates, and a root that a client never uses (a client trusts its
 * own copy), so expiry is judged on this path, not on whatever bytes arrived. Shared by the {@code
 * tls} check and the {@code http} check's {@code cert_days_above}.
 *
 * @param path leaf first; never empty
 */
public record CertificateChain(List<X509Certificate> path) {

  public CertificateChain {
    path = List.copyOf(path);
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a chain has at least a leaf");
    }
  }

  /** Where a connection's peer certificates come from (a Vert.x socket or HTTP connection). */
  public interface PeerCertificates {
    List<Certificate> get() throws SSLPeerUnverifiedException;
  }

  /**
   * The X.509 certificates a connection's peer presented, as served; empty when it presented none
   * (verification is the handshake's business, not this).
   */
  public static List<X509Certificate> served(PeerCertificates peer) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      for (Certificate c : peer.get()) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
    } catch (SSLPeerUnverifiedException e) {
      // Nothing presented: the caller reports an empty list its own way.
    }
    return out;
  }

  /**
   * Orders a chain as served (leaf first) by following each certificate's issuer. Certificates that
   * are not on the way from the leaf are dropped, and so is a self-signed root after the leaf: its
   * expiry is the trust store's business, not the server's. Null when nothing was served.
   */
  public static CertificateChain of(List<X509Certificate> served) {
    if (served.isEmpty()) {
      return null;
    }
    List<X509Certificate> ordered = ordered(served);
    List<X509Certificate> path = new ArrayList<>();
    for (X509Certificate c : ordered) {
      if (!path.isEmpty() && selfSigned(c)) {
        break;
      }
      path.add(c);
    }
    return new CertificateChain(path);
  }

  /** The served certificates from the leaf up, following issuer names; roots included. */
  public static List<X509Certificate> ordered(List<X509Certificate> served) {
    List<X509Certificate> out = new ArrayList<>();
    List<X509Certificate> left = new ArrayList<>(served);
    X509Certificate current = left.remove(0);
    while (current != null) {
      out.add(current);
      if (selfSigned(current)) {
        break;
      }
      X509Certificate next = null;
      for (X509Certificate c : left) {
        if (c.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
          next = c;
          break;
        }
      }
      left.remove(next);
      current = next;
    }
    return out;
  }

  public static boolean selfSigned(X509Certificate c) {
    return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
  }

  public X509Certificate leaf() {
    return path.get(0);
  }

  /** The certificate that expires first; the leaf when it ties with an issuer. */
  public X509Certificate earliest() {
    X509Certificate earliest = path.get(0);
    for (X509Certificate c : path) {
      if (c.getNotAfter().before(earliest.getNotAfter())) {
        earliest = c;
      }
    }
    return earliest;
  }

  public Instant earliestNotAfter() {
    return earliest().getNotAfter().toInstant();
  }

  /** The fraction of the leaf's validity still ahead: 1 when just issued, 0 once expired. */
  public double lifetimeLeft(Instant now) {
    Instant from = leaf().getNotBefore().toInstant();
    Instant to = leaf().getNotAfter().toInstant();
    long total = Duration.between(from, to).toMillis();
    if (total <= 0) {
      return 0;
    }
    long left = Duration.between(now, to).toMillis();
    return Math.max(0, Math.min(1, left / (double) total));
  }

  /** Same leaf (by its encoded bytes' fingerprint) as another chain. */
  public boolean sameLeaf(CertificateChain other) {
    return other != null && leaf().equals(other.leaf());
  }

  /** The common name, or the whole distinguished name when there is none. */
  public static String name(X509Certificate c) {
    String dn = c.getSubjectX500Principal().getName();
    return commonName(dn);
  }

  public static String issuerName(X509Certificate c) {
    return commonName(c.getIssuerX500Principal().getName());
  }

  private static String commonName(String dn) {
    try {
      List<Rdn> rdns = new LdapName(dn).getRdns();
      for (int i = rdns.size() - 1; i >= 0; i--) {
        if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdns.get(i).getValue());
        }
      }
    } catch (InvalidNameException e) {
      // Not an LDAP name after all: show it whole.
    }
    return dn;
  }

  /** The DNS names (type 2) and IP addresses (type 7) of the subjectAltName extension. */
  public static List<String> subjectAltNames(X509Certificate c) {
    List<String> out = new ArrayList<>();
    Collection<List<?>> sans;
    try {
      sans = c.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return out;
    }
    if (sans == null) {
      return out;
    }
    for (List<?> san : sans) {
      Object type = san.get(0);
      if ((Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type))
          && san.get(1) instanceof String s) {
        out.add(s);
      }
    }
    return out;
  }
}
