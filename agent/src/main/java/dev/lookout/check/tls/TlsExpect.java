package dev.lookout.check.tls;

import java.util.List;

/**
 * The {@code expect:} block of a tls target; null fields are not checked.
 *
 * @param lifetimeLeftAbove fraction of the certificate's validity still ahead (0.33 warns a 47-day
 *     certificate about 15 days before expiry, a 398-day one about 131 days before)
 * @param minTlsVersion the oldest acceptable negotiated protocol, as the JDK names it ({@code
 *     TLSv1.2})
 */
public record TlsExpect(
    Integer daysLeftAbove,
    Double lifetimeLeftAbove,
    Boolean hostnameMatch,
    Boolean chainTrusted,
    String minTlsVersion,
    Boolean sameCertOnAllAddresses) {

  /** Protocol names in the order of their age, as the JDK reports them. */
  public static final List<String> VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  public TlsExpect {
    if (lifetimeLeftAbove != null && (lifetimeLeftAbove < 0 || lifetimeLeftAbove >= 1)) {
      throw new IllegalArgumentException("lifetime_left_above must be from 0 to below 1");
    }
    if (minTlsVersion != null && !VERSIONS.contains(minTlsVersion)) {
      throw new IllegalArgumentException("unknown TLS version " + minTlsVersion);
    }
  }

  /** Ranks a negotiated protocol name; -1 when unknown (SSLv3, or nothing negotiated). */
  public static int rank(String protocol) {
    return VERSIONS.indexOf(protocol);
  }
}
