package dev.lookout.check.dns;

import dev.lookout.check.Facts;
import dev.lookout.check.GaugeValue;
import dev.lookout.check.Gauges;
import dev.lookout.check.Judgement;
import dev.lookout.check.TargetCheck;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.status.TargetDetail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One dns target. Each result is compared once ({@link DnsDrift#compare}); the findings, the status
 * page's diff and the drift series all come from that one comparison. Server series come and go
 * with the NS set, so stale ones are removed.
 */
final class DnsTarget implements TargetCheck<DnsObservation> {
  private final DnsCheck spec;
  private final GaugeValue drift = new GaugeValue();
  private final Map<String, GaugeValue> missing = new TreeMap<>();
  private final Map<String, GaugeValue> unexpected = new TreeMap<>();
  private final Map<String, GaugeValue> lookup = new ConcurrentSkipListMap<>();

  DnsTarget(DnsCheck spec) {
    this.spec = spec;
    for (String type : spec.types()) {
      missing.put(type, new GaugeValue());
      unexpected.put(type, new GaugeValue());
    }
  }

  @Override
  public Judgement judge(
      ProbeResult result, DnsObservation o, Quantiles q, Instant now, long nanos) {
    if (o == null) {
      return Judgement.unanswered(result, TargetDetail.EMPTY);
    }
    DnsDrift.Result r = DnsDrift.compare(spec, o);
    record(r, o);
    TargetDetail detail = detail(spec, o, r);
    return result.answered()
        ? new Judgement(r.findings(), detail)
        : Judgement.unanswered(result, detail);
  }

  private void record(DnsDrift.Result r, DnsObservation o) {
    drift.set(r.drift() ? 1 : 0);
    missing.forEach((type, v) -> v.set(r.missing().getOrDefault(type, 0)));
    unexpected.forEach((type, v) -> v.set(r.unexpected().getOrDefault(type, 0)));
    Set<String> seen = new HashSet<>();
    for (DnsObservation.ServerAnswers s : o.servers()) {
      seen.add(s.server());
      lookup
          .computeIfAbsent(s.server(), server -> new GaugeValue())
          .set(s.lookup().toNanos() / 1e9);
    }
    lookup.keySet().retainAll(seen);
  }

  /** Whether (and in which types) the answers drifted, and the findings that describe the diff. */
  static TargetDetail detail(DnsCheck check, DnsObservation o, DnsDrift.Result drift) {
    List<String> diff = new ArrayList<>();
    for (Finding f : drift.findings()) {
      if (f.expectation().equals("records") || f.expectation().equals("agreement")) {
        diff.add(f.message());
      }
    }
    String servers = Facts.plural(o.servers().size(), "server", "servers");
    TreeSet<String> drifted = new TreeSet<>(drift.missing().keySet());
    drifted.addAll(drift.unexpected().keySet());
    String fact;
    if (!drift.drift()) {
      fact = String.join(", ", check.types()) + " as expected (" + servers + ")";
    } else if (drifted.isEmpty()) {
      fact = "drift (" + servers + ")";
    } else {
      fact = "drift in " + String.join(", ", drifted) + " (" + servers + ")";
    }
    List<TargetDetail.Field> fields = new ArrayList<>(3);
    fields.add(TargetDetail.Field.of("dns_records", records(check, o)));
    fields.add(
        TargetDetail.Field.of(
            "dns_servers",
            o.servers().stream().map(DnsObservation.ServerAnswers::server).toList()));
    if (!diff.isEmpty()) {
      fields.add(TargetDetail.Field.of("dns_diff", diff));
    }
    return new TargetDetail(List.of(fact), fields);
  }

  /**
   * The DNS map's rows: per type and value, which servers answered it ({@code A <tab> 192.0.2.1
   * <tab> 9.9.9.9 1.1.1.1}); a type no server had values for is one row with an empty value.
   */
  static List<String> records(DnsCheck check, DnsObservation o) {
    List<String> out = new ArrayList<>();
    for (String type : check.types()) {
      Map<String, List<String>> byValue = new TreeMap<>();
      for (DnsObservation.ServerAnswers s : o.servers()) {
        DnsObservation.TypeAnswer a = s.answers().get(type);
        if (a != null) {
          for (String v : a.values()) {
            byValue.computeIfAbsent(v, k -> new ArrayList<>()).add(s.server());
          }
        }
      }
      if (byValue.isEmpty()) {
        out.add(type + "\t\t");
      }
      byValue.forEach(
          (v, servers) ->
              out.add(
                  type
                      + "\t"
                      + v.replaceAll("[\\t\\r\\n]", " ")
                      + "\t"
                      + String.join(" ", servers)));
    }
    return out;
  }

  @Override
  public void gauges(Gauges out) {
    out.gauge(
        "lookout_dns_drift",
        "1 if DNS answers differ from the expected records or the baseline",
        drift.get());
    missing.forEach(
        (type, v) ->
            out.gauge(
                "lookout_dns_records_missing",
                "Expected records not answered",
                v.get(),
                "rtype",
                type));
    unexpected.forEach(
        (type, v) ->
            out.gauge(
                "lookout_dns_records_unexpected",
                "Answered records not expected",
                v.get(),
                "rtype",
                type));
    lookup.forEach(
        (server, v) ->
            out.gauge(
                "lookout_dns_lookup_seconds",
                "How long each DNS server took to answer every type",
                v.get(),
                "server",
                server));
  }
}
