package dev.lookout.check.http;

import dev.lookout.check.Facts;
import dev.lookout.check.Gauges;
import dev.lookout.check.Judgement;
import dev.lookout.check.TargetCheck;
import dev.lookout.check.http.page.PageEvaluator;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.CertificateChain;
import dev.lookout.probe.ProbeResult;
import dev.lookout.status.TargetDetail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One http target: its judgement and its status, redirect and phase gauges. */
final class HttpTarget implements TargetCheck<HttpObservation> {
  private static final String[] PHASES = {"dns", "connect", "tls", "ttfb", "transfer"};
  private final HttpCheck spec;
  private final Duration window;
  private volatile double status = Double.NaN;
  private volatile double redirects = Double.NaN;

  /** Replaced as a whole, so a scrape never sees the phases of two probes mixed. */
  private volatile HttpPhases phases;

  /**
   * The earliest notAfter served on each https hop's address (Unix s), as the tls check exports it:
   * an http target's certificates alert the same way. Kept from the last probe that saw any.
   */
  private volatile java.util.Map<String, Double> certExpiry = java.util.Map.of();

  HttpTarget(HttpCheck spec, Duration window) {
    this.spec = spec;
    this.window = window;
  }

  @Override
  public Judgement judge(
      ProbeResult result, HttpObservation o, Quantiles q, Instant now, long nanos) {
    if (o == null) {
      status = 0;
    } else {
      status = o.status();
      redirects = o.redirects();
      phases = o.phases();
      java.util.Map<String, Double> expiry = new java.util.TreeMap<>();
      for (Hop hop : o.hops()) {
        CertificateChain chain = CertificateChain.of(hop.chain());
        if (chain != null && hop.address() != null) {
          expiry.merge(
              hop.address(), (double) chain.earliestNotAfter().getEpochSecond(), Math::min);
        }
      }
      if (!expiry.isEmpty()) {
        certExpiry = java.util.Map.copyOf(expiry);
      }
    }
    TargetDetail detail = o == null ? TargetDetail.EMPTY : hinted(detail(o, now), o);
    if (!result.answered()) {
      return Judgement.unanswered(result, detail);
    }
    return new Judgement(HttpEvaluator.evaluate(spec.expect(), o, result, q, window, now), detail);
  }

  /** The status line, the redirects followed and the earliest certificate of any hop. */
  static TargetDetail detail(HttpObservation o, Instant now) {
    List<String> facts = new ArrayList<>(2);
    facts.add(
        "HTTP "
            + o.status()
            + (o.redirects() == 0
                ? ""
                : " after " + o.redirects() + (o.redirects() == 1 ? " redirect" : " redirects")));
    Long days = null;
    List<String> certificates = new ArrayList<>();
    for (Hop hop : o.hops()) {
      CertificateChain chain = CertificateChain.of(hop.chain());
      days = Facts.earliest(days, chain, now);
      String line = Facts.certificateLine(hop.url().getHost(), hop.address(), chain, null);
      if (line != null && !certificates.contains(line)) {
        certificates.add(line);
      }
    }
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

  /** The page checks' hints (not failures) as facts after the detail's own. */
  private TargetDetail hinted(TargetDetail detail, HttpObservation o) {
    List<String> hints = PageEvaluator.hints(spec.expect().page(), o.page());
    if (hints.isEmpty()) {
      return detail;
    }
    List<String> facts = new ArrayList<>(detail.facts());
    facts.addAll(hints);
    return new TargetDetail(facts, detail.fields());
  }

  @Override
  public void gauges(Gauges out) {
    out.gauge(
        "lookout_http_status_code", "Status code of the last response (0: no response)", status);
    out.gauge("lookout_http_redirects", "Redirects followed by the last probe", redirects);
    certExpiry.forEach(
        (address, notAfter) ->
            out.gauge(
                "lookout_tls_cert_expiry_timestamp_seconds",
                "Earliest notAfter in the chain served on this address",
                notAfter,
                "address",
                address));
    HttpPhases p = phases;
    double[] seconds =
        p == null
            ? new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN}
            : new double[] {p.dns(), p.connect(), p.tls(), p.ttfb(), p.transfer()};
    for (int i = 0; i < PHASES.length; i++) {
      out.gauge(
          "lookout_http_phase_seconds",
          "Time spent in each phase of the last probe",
          seconds[i],
          "phase",
          PHASES[i]);
    }
  }
}
