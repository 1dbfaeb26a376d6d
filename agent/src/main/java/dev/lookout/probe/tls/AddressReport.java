package dev.lookout.probe.tls;

import dev.lookout.probe.CertificateChain;
import java.security.cert.X509Certificate;
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

  public List<String> subjectAltNames() {
    return chain == null ? List.of() : CertificateChain.subjectAltNames(chain.leaf());
  }
}
