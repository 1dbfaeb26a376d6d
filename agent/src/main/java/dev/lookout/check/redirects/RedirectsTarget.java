package dev.lookout.check.redirects;

import dev.lookout.check.Facts;
import dev.lookout.check.Gauges;
import dev.lookout.check.Judgement;
import dev.lookout.check.TargetCheck;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.CertificateChain;
import dev.lookout.probe.ProbeResult;
import dev.lookout.status.TargetDetail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One redirects target: its judgement and a hops and an ok gauge per chain. */
final class RedirectsTarget implements TargetCheck<RedirectsObservation> {
  private final RedirectsCheck spec;

  /** Replaced as a whole, so a scrape never sees two probes mixed. */
  private volatile List<Series> series = List.of();

  private record Series(String from, double hops, double ok) {}

  RedirectsTarget(RedirectsCheck spec) {
    this.spec = spec;
  }

  @Override
  public Judgement judge(
      ProbeResult result, RedirectsObservation o, Quantiles q, Instant now, long nanos) {
    if (!result.answered() || o == null) {
      series = List.of();
      return Judgement.unanswered(result, TargetDetail.EMPTY);
    }
    RedirectsEvaluator.Result r = RedirectsEvaluator.evaluate(spec, o, now);
    // One series per label: a start written twice is one series, not a duplicate.
    Map<String, Series> next = new LinkedHashMap<>();
    for (RedirectsObservation.Chain c : o.chains()) {
      double hops = c.steps().isEmpty() ? Double.NaN : c.redirects();
      next.putIfAbsent(
          c.label(), new Series(c.label(), hops, r.ok().getOrDefault(c.label(), false) ? 1 : 0));
    }
    series = List.copyOf(next.values());
    return new Judgement(r.findings(), detail(o, r.ok(), now));
  }

  private static TargetDetail detail(RedirectsObservation o, Map<String, Boolean> ok, Instant now) {
    long good = ok.values().stream().filter(b -> b).count();
    List<String> facts = new ArrayList<>();
    facts.add(good + " of " + ok.size() + " URLs land where expected");
    Long days = null;
    for (RedirectsObservation.Chain c : o.chains()) {
      for (RedirectsObservation.Step s : c.steps()) {
        days = Facts.earliest(days, CertificateChain.of(s.chain()), now);
      }
    }
    List<TargetDetail.Field> fields = new ArrayList<>();
    fields.add(TargetDetail.Field.of("redirects_ok", good));
    if (days != null) {
      facts.add(Facts.certificate(days));
      fields.add(TargetDetail.Field.of("cert_days_left", days));
    }
    return new TargetDetail(facts, fields);
  }

  @Override
  public void gauges(Gauges out) {
    for (Series s : series) {
      out.gauge(
          "lookout_redirect_hops",
          "Redirects from this start URL to its final answer in the last probe",
          s.hops(),
          "from",
          s.from());
      out.gauge(
          "lookout_redirect_ok",
          "1 if this start URL landed where expected, as expected, in the last probe",
          s.ok(),
          "from",
          s.from());
    }
  }
}
