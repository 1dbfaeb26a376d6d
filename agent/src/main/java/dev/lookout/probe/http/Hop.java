package dev.lookout.probe.http;

import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * One request of a probe: the URL asked, the address that answered, the status, the redirect target
 * if any, and the certificate chain served on that connection (empty for plain HTTP).
 */
public record Hop(
    URI url, String address, int status, String location, List<X509Certificate> chain) {
  public Hop {
    chain = List.copyOf(chain);
  }

  /** Where a connection's peer certificates come from (either client's connection). */
  interface PeerCertificates {
    List<Certificate> get() throws SSLPeerUnverifiedException;
  }

  /** The X.509 certificates a connection's peer presented, or none if it presented none. */
  static List<X509Certificate> chainOf(PeerCertificates peer) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      for (Certificate c : peer.get()) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
    } catch (SSLPeerUnverifiedException e) {
      // No chain to report; verification itself is the handshake's job.
    }
    return out;
  }
}
