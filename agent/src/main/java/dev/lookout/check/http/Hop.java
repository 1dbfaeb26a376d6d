package dev.lookout.check.http;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One request of a probe: the URL asked, the address that answered, the status, the redirect target
 * if any, and the certificate chain served on that connection (empty for plain HTTP).
 */
public record Hop(
    URI url, String address, int status, String location, List<X509Certificate> chain) {
  public Hop {
    chain = List.copyOf(chain);
  }
}
