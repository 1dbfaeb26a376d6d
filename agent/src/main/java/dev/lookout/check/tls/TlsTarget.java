package dev.lookout.check.tls;

import dev.lookout.check.Facts;
import dev.lookout.check.GaugeValue;
import dev.lookout.check.Gauges;
import dev.lookout.check.Judgement;
import dev.lookout.check.TargetCheck;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.status.TargetDetail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One tls target: its judgement and its per-address certificate series. An address that stops
 * resolving takes its series with it; one whose handshake fails keeps its last expiry (still the
 * best knowledge of that certificate) and reads as untrusted.
 */
final class TlsTarget implements TargetCheck<TlsObservation> {
  private final TlsCheck spec;

  /** Per address: the expiry timestamp and the trust verdict. */
  private final Map<String, GaugeValue[]> values = new ConcurrentSkipListMap<>();

  TlsTarget(TlsCheck spec) {
    this.spec = spec;
  }

  @Override
  public Judgement judge(
      ProbeResult result, TlsObservation o, Quantiles q, Instant now, long nanos) {
    record(o);
    if (!result.answered()) {
      return Judgement.unanswered(result, o == null ? TargetDetail.EMPTY : detail(o, now, 1));
    }
    var findings = TlsEvaluator.evaluate(spec.expect(), o, now);
    return new Judgement(findings, detail(o, now, findings.size()));
  }

  /**
   * How many addresses completed a handshake, the earliest certificate of any, and each address's
   * certificate for the report's inventory.
   */
  static TargetDetail detail(TlsObservation o, Instant now) {
    return detail(o, now, 0);
  }

  /**
   * As {@link #detail(TlsObservation, Instant)}, agreeing with the verdict: with findings, the
   * addresses that answered are not called "ok" ({@code 1 of 1 address answered, 1 finding}).
   */
  static TargetDetail detail(TlsObservation o, Instant now, int findings) {
    Long days = null;
    int completed = 0;
    List<String> certificates = new ArrayList<>();
    for (AddressReport a : o.addresses()) {
      days = Facts.earliest(days, a.chain(), now);
      completed += a.handshakeCompleted() ? 1 : 0;
      String trust = a.trustProblem() != null ? a.trustProblem() : a.nameProblem();
      String line = Facts.certificateLine(o.host(), a.address(), a.chain(), trust);
      if (line != null) {
        certificates.add(line);
      }
    }
    List<String> facts = new ArrayList<>(2);
    String of = completed + " of " + Facts.plural(o.addresses().size(), "address", "addresses");
    facts.add(
        findings == 0
            ? of + " ok"
            : of + " answered, " + Facts.plural(findings, "finding", "findings"));
    if (days == null) {
      return new TargetDetail(facts, List.of());
    }
    facts.add(Facts.certificate(days));
    return new TargetDetail(
        facts,
        List.of(
            TargetDetail.Field.of("cert_days_left", days),
            TargetDetail.Field.of("certificates", certificates)));
  }

  private void record(TlsObservation o) {
    if (o == null) {
      values.values().forEach(v -> v[1].set(0));
      return;
    }
    Set<String> seen = new HashSet<>();
    for (AddressReport a : o.addresses()) {
      seen.add(a.address());
      GaugeValue[] v =
          values.computeIfAbsent(
              a.address(), address -> new GaugeValue[] {new GaugeValue(), new GaugeValue()});
      if (a.chain() != null) {
        v[0].set(a.chain().earliestNotAfter().getEpochSecond());
      }
      v[1].set(a.trusted() ? 1 : 0);
    }
    values.keySet().retainAll(seen);
  }

  @Override
  public void gauges(Gauges out) {
    values.forEach(
        (address, v) -> {
          out.gauge(
              "lookout_tls_cert_expiry_timestamp_seconds",
              "Earliest notAfter in the chain served on this address",
              v[0].get(),
              "address",
              address);
          out.gauge(
              "lookout_tls_cert_trusted",
              "1 if the chain served on this address verifies and the name matches",
              v[1].get(),
              "address",
              address);
        });
  }
}
