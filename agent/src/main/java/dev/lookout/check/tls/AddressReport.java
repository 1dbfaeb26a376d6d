package dev.lookout.check.tls;

import dev.lookout.probe.CertificateChain;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

/**
 * What one address served. When the handshake failed, {@code failure} says why and there is no
 * chain; otherwise the chain is there even if it is expired, self-signed or for another name, with
 * {@code trustProblem} and {@code nameProblem} saying what is wrong with it.
 *
 * @param address {@code 127.0.0.2:8443} ({@code [::1]:8443} for IPv6)
 * @param chain the path judged for expiry, leaf first; null when the handshake failed
 * @param trustProblem null when the chain verifies against the JDK trust store plus {@code ca_file}
 * @param nameProblem null when the leaf covers the name asked for
 */
public record AddressReport(
    String address,
    String failure,
    CertificateChain chain,
    String protocol,
    String cipher,
    String trustProblem,
    String nameProblem) {

  static AddressReport failed(String address, String failure) {
    return new AddressReport(address, failure, null, null, null, null, null);
  }

  public boolean handshakeCompleted() {
    return failure == null;
  }

  /** The chain verifies and the name matches: what a browser would accept. */
  public boolean trusted() {
    return failure == null && trustProblem == null && nameProblem == null;
  }

  public X509Certificate leaf() {
    return chain == null ? null : chain.leaf();
  }

  /**
   * One line for a person (status pages, {@code lookout once}): {@code 127.0.0.1:443 TLSv1.3
   * TLS_AES_128_GCM_SHA256: "api.example.com" [api.example.com, www.example.com] issued by "R11",
   * valid 2026-10-01 to 2027-02-01 (65 days, 52% of its lifetime left), first to expire: the leaf;
   * trusted, name matches}.
   */
  public String describe(Instant now) {
    if (failure != null) {
      return address + ": " + failure;
    }
    X509Certificate leaf = chain.leaf();
    X509Certificate first = chain.earliest();
    long days =
        Math.floorDiv(Duration.between(now, leaf.getNotAfter().toInstant()).toSeconds(), 86_400);
    return address
        + " "
        + protocol
        + " "
        + cipher
        + ": \""
        + CertificateChain.name(leaf)
        + "\" "
        + subjectAltNames()
        + " issued by \""
        + CertificateChain.issuerName(leaf)
        + "\", valid "
        + date(leaf.getNotBefore())
        + " to "
        + date(leaf.getNotAfter())
        + " ("
        + days
        + " days, "
        + Math.round(chain.lifetimeLeft(now) * 100)
        + "% of its lifetime left), first to expire: "
        + (first == leaf
            ? "the leaf"
            : "intermediate \""
                + CertificateChain.name(first)
                + "\" on "
                + date(first.getNotAfter()))
        + "; "
        + (trustProblem == null ? "trusted" : "not trusted: " + trustProblem)
        + ", "
        + (nameProblem == null ? "name matches" : nameProblem);
  }

  private static String date(Date d) {
    return LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC).toString();
  }

  public List<String> subjectAltNames() {
    return chain == null ? List.of() : CertificateChain.subjectAltNames(chain.leaf());
  }
}
