package dev.lookout.check.tls;

import dev.lookout.evaluate.CertificateExpiry;
import dev.lookout.evaluate.Finding;
import dev.lookout.probe.CertificateChain;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code expect:} rules of a tls target, judged per address: every finding names the host and
 * the address ({@code api.example.com on 127.0.0.2:8443: …}), so the one node left on an old
 * certificate is the one someone goes and fixes.
 */
final class TlsEvaluator {
  private TlsEvaluator() {}

  static List<Finding> evaluate(TlsExpect e, TlsObservation o, Instant now) {
    List<Finding> out = new ArrayList<>();
    for (AddressReport a : o.addresses()) {
      String on = o.host() + " on " + a.address() + ": ";
      if (!a.handshakeCompleted()) {
        out.add(new Finding("reachable", on + a.failure()));
        continue;
      }
      address(e, a, on, now, out);
    }
    if (Boolean.TRUE.equals(e.sameCertOnAllAddresses())) {
      sameCertificate(o, out);
    }
    return out;
  }

  private static void address(
      TlsExpect e, AddressReport a, String on, Instant now, List<Finding> out) {
    CertificateChain chain = a.chain();
    if (e.daysLeftAbove() != null) {
      add(out, "days_left_above", on, CertificateExpiry.daysProblem(chain, e.daysLeftAbove(), now));
    }
    if (e.lifetimeLeftAbove() != null) {
      add(
          out,
          "lifetime_left_above",
          on,
          CertificateExpiry.lifetimeProblem(chain, e.lifetimeLeftAbove(), now));
    }
    if (e.chainTrusted() != null) {
      boolean trusted = a.trustProblem() == null;
      if (e.chainTrusted() && !trusted) {
        add(out, "chain_trusted", on, "chain not trusted: " + a.trustProblem());
      } else if (!e.chainTrusted() && trusted) {
        add(out, "chain_trusted", on, "chain is trusted, expected it not to be");
      }
    }
    if (e.hostnameMatch() != null) {
      boolean matches = a.nameProblem() == null;
      if (e.hostnameMatch() && !matches) {
        add(out, "hostname_match", on, a.nameProblem());
      } else if (!e.hostnameMatch() && matches) {
        add(out, "hostname_match", on, "name matches, expected it not to");
      }
    }
    if (e.minTlsVersion() != null
        && TlsExpect.rank(a.protocol()) < TlsExpect.rank(e.minTlsVersion())) {
      add(
          out,
          "min_tls_version",
          on,
          "negotiated " + a.protocol() + ", expected " + e.minTlsVersion() + " or newer");
    }
  }

  private static void add(List<Finding> out, String expectation, String on, String problem) {
    if (problem != null) {
      out.add(new Finding(expectation, on + problem));
    }
  }

  /** Groups addresses by the leaf they serve; more than one group is a finding. */
  private static void sameCertificate(TlsObservation o, List<Finding> out) {
    Map<X509Certificate, List<String>> byLeaf = new LinkedHashMap<>();
    for (AddressReport a : o.addresses()) {
      if (a.handshakeCompleted()) {
        byLeaf.computeIfAbsent(a.leaf(), k -> new ArrayList<>()).add(a.address());
      }
    }
    if (byLeaf.size() <= 1) {
      return;
    }
    String groups =
        byLeaf.entrySet().stream()
            .map(
                g ->
                    String.join(", ", g.getValue())
                        + " serve \""
                        + CertificateChain.name(g.getKey())
                        + "\" (serial "
                        + g.getKey().getSerialNumber().toString(16)
                        + ", expires "
                        + CertificateExpiry.date(g.getKey())
                        + ")")
            .collect(Collectors.joining("; "));
    out.add(
        new Finding(
            "same_cert_on_all_addresses",
            o.host() + ": addresses serve different certificates: " + groups));
  }
}
