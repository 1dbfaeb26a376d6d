package dev.lookout.metrics;

import dev.lookout.config.DnsCheck;
import dev.lookout.config.EmailAuthCheck;
import dev.lookout.config.EmailAuthExpect;
import dev.lookout.config.Target;
import dev.lookout.evaluate.DnsDrift;
import dev.lookout.history.DepthSeries.Trend;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.dns.DnsObservation;
import dev.lookout.probe.http.HttpObservation;
import dev.lookout.probe.http.HttpPhases;
import dev.lookout.probe.mail.EmailAuthAnalysis;
import dev.lookout.probe.mail.MailFinding;
import dev.lookout.probe.mail.MailRecords;
import dev.lookout.probe.queue.QueueObservation;
import dev.lookout.probe.tls.AddressReport;
import dev.lookout.probe.tls.TlsObservation;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The series of one target: plain fields that the target's lane writes after each probe and {@link
 * TargetSeries} reads at scrape time. Removed as a whole when the target goes away, so a renamed
 * target leaves no stale series behind. Written by one thread, read by scrapes from another: every
 * value is volatile or atomic.
 */
public final class TargetMeters implements AutoCloseable {
  private final String name;
  private final String type;
  private final TargetSeries series;
  private volatile Quantiles window = Quantiles.EMPTY;

  /** Upper bounds of the duration histogram's buckets, shared by every target. */
  private static final long[] BOUND_NANOS = boundNanos(LookoutMetrics.LATENCY_BUCKETS);

  private static final double[] BOUND_SECONDS = boundSeconds(BOUND_NANOS);
  private final AtomicLongArray bucketCounts;
  private final AtomicLong sumNanos = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final Value success = new Value(Double.NaN);
  private Http http;
  private Queue queue;
  private Dns dns;
  private Tls tls;
  private EmailAuth emailAuth;

  /** A gauge's current value; volatile because scrapes read it from another thread. */
  static final class Value {
    volatile double v;

    Value(double v) {
      this.v = v;
    }
  }

  TargetMeters(TargetSeries series, Target target) {
    this.series = series;
    this.name = target.name();
    this.type = target.type();
    bucketCounts = new AtomicLongArray(BOUND_SECONDS.length);
    if (type.equals("http")) {
      http = new Http();
    }
    if (type.equals("queue")) {
      queue = new Queue();
    }
    if (target.check() instanceof DnsCheck check) {
      dns = new Dns(check);
    }
    if (type.equals("tls")) {
      tls = new Tls();
    }
    if (target.check() instanceof EmailAuthCheck check) {
      emailAuth = new EmailAuth(check);
    }
    series.add(this);
  }

  private static long[] boundNanos(Duration[] buckets) {
    long[] nanos = new long[buckets.length];
    for (int i = 0; i < buckets.length; i++) {
      nanos[i] = buckets[i].toNanos();
    }
    return nanos;
  }

  /** The bounds in seconds, with +Inf last, as Prometheus wants them. */
  private static double[] boundSeconds(long[] nanos) {
    double[] seconds = new double[nanos.length + 1];
    for (int i = 0; i < nanos.length; i++) {
      seconds[i] = nanos[i] / 1e9;
    }
    seconds[nanos.length] = Double.POSITIVE_INFINITY;
    return seconds;
  }

  String name() {
    return name;
  }

  /** Records one probe and its verdict. */
  public void record(ProbeResult result, boolean healthy, Quantiles window) {
    success.v = healthy ? 1 : 0;
    long nanos = Math.max(0, result.duration().toNanos());
    int bucket = 0;
    while (bucket < BOUND_NANOS.length && nanos > BOUND_NANOS[bucket]) {
      bucket++;
    }
    sumNanos.addAndGet(nanos);
    bucketCounts.incrementAndGet(bucket);
    this.window = window;
    if (http != null && result.observation() instanceof HttpObservation o) {
      http.record(o);
    } else if (http != null) {
      http.status.v = 0;
    }
    if (dns != null && result.observation() instanceof DnsObservation o) {
      dns.record(o);
    }
    if (tls != null) {
      tls.record(result.observation() instanceof TlsObservation o ? o : null);
    }
    if (emailAuth != null) {
      emailAuth.record(result.observation() instanceof MailRecords o ? o : null);
    }
  }

  /** Counts planned starts that were skipped because the previous probe still ran. */
  void skipped(long count) {
    skipped.addAndGet(count);
  }

  /** Adds this target's points to a scrape. */
  void collect(TargetSeries.Families f) {
    Labels target = f.labels("target", name);
    Labels typed = f.labels("target", name, "type", type);
    f.gauge("lookout_probe_success", "1 if the last probe met every expectation", success.v, typed);
    long[] counts = new long[BOUND_SECONDS.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = bucketCounts.get(i);
    }
    f.histogram(
        "lookout_probe_duration_seconds",
        "Probe latency",
        ClassicHistogramBuckets.of(BOUND_SECONDS, counts),
        sumNanos.get() / 1e9,
        typed);
    Quantiles q = window;
    if (q.count() > 0) {
      // Exact quantiles over the target's window: Prometheus's type for client-side quantiles.
      f.summary(
          "lookout_probe_latency_seconds",
          "Exact latency quantiles over each target's window",
          q,
          target);
    }
    f.counter(
        "lookout_probes_skipped",
        "Planned probe starts skipped because the previous probe of the target was still running",
        skipped.get(),
        target);
    if (http != null) {
      http.collect(f, target);
    }
    if (queue != null) {
      queue.collect(f, target);
    }
    if (dns != null) {
      dns.collect(f, target);
    }
    if (tls != null) {
      tls.collect(f);
    }
    if (emailAuth != null) {
      emailAuth.collect(f);
    }
  }

  private static final class Http {
    static final String[] PHASES = {"dns", "connect", "tls", "ttfb", "transfer"};
    final Value status = new Value(Double.NaN);
    final Value redirects = new Value(Double.NaN);
    final Value[] phases = new Value[PHASES.length];

    Http() {
      for (int i = 0; i < phases.length; i++) {
        phases[i] = new Value(Double.NaN);
      }
    }

    void record(HttpObservation o) {
      status.v = o.status();
      redirects.v = o.redirects();
      HttpPhases p = o.phases();
      phases[0].v = p.dns();
      phases[1].v = p.connect();
      phases[2].v = p.tls();
      phases[3].v = p.ttfb();
      phases[4].v = p.transfer();
    }

    void collect(TargetSeries.Families f, Labels target) {
      f.gauge(
          "lookout_http_status_code",
          "Status code of the last response (0: no response)",
          status.v,
          target);
      f.gauge(
          "lookout_http_redirects", "Redirects followed by the last probe", redirects.v, target);
      for (int i = 0; i < PHASES.length; i++) {
        f.gauge(
            "lookout_http_phase_seconds",
            "Time spent in each phase of the last probe",
            phases[i].v,
            target.add("phase", PHASES[i]));
      }
    }
  }

  /**
   * Records a queue probe and the trend of its depth history. Every value the probe did not read
   * this time becomes NaN, so a failed probe never leaves the last good depth on display.
   */
  public void recordQueue(ProbeResult result, Trend trend) {
    if (queue == null) {
      return;
    }
    QueueObservation o =
        result.answered() && result.observation() instanceof QueueObservation q ? q : null;
    queue.depth.v = o == null ? Double.NaN : o.depth();
    queue.consumers.v = o == null ? Double.NaN : o.consumers();
    queue.oldestAge.v = o == null ? Double.NaN : o.oldestAgeSeconds();
    queue.growth.v = o == null ? Double.NaN : trend.perSecond();
  }

  private static final class Queue {
    final Value depth = new Value(Double.NaN);
    final Value growth = new Value(Double.NaN);
    final Value consumers = new Value(Double.NaN);
    final Value oldestAge = new Value(Double.NaN);

    void collect(TargetSeries.Families f, Labels target) {
      f.gauge("lookout_queue_depth", "Backlog depth read by the last probe", depth.v, target);
      f.gauge(
          "lookout_queue_growth_per_second",
          "Least-squares slope of the backlog depth over the queue window, in messages per second",
          growth.v,
          target);
      f.gauge(
          "lookout_queue_consumers",
          "Consumers reported by the stats endpoint",
          consumers.v,
          target);
      f.gauge(
          "lookout_queue_oldest_age_seconds",
          "Age of the oldest waiting message reported by the stats endpoint",
          oldestAge.v,
          target);
    }
  }

  /**
   * The dns series: drift, the size of each side of the diff per record type, and how long each
   * server took. Server series come and go with the NS set, so stale ones are removed.
   */
  private static final class Dns {
    final DnsCheck check;
    final Value drift = new Value(Double.NaN);
    final Map<String, Value> missing = new TreeMap<>();
    final Map<String, Value> unexpected = new TreeMap<>();
    final Map<String, Value> lookup = new ConcurrentSkipListMap<>();

    Dns(DnsCheck check) {
      this.check = check;
      for (String type : check.types()) {
        missing.put(type, new Value(Double.NaN));
        unexpected.put(type, new Value(Double.NaN));
      }
    }

    void record(DnsObservation o) {
      DnsDrift.Result r = DnsDrift.compare(check, o);
      drift.v = r.drift() ? 1 : 0;
      missing.forEach((type, v) -> v.v = r.missing().getOrDefault(type, 0));
      unexpected.forEach((type, v) -> v.v = r.unexpected().getOrDefault(type, 0));
      Set<String> seen = new HashSet<>();
      for (DnsObservation.ServerAnswers s : o.servers()) {
        seen.add(s.server());
        lookup.computeIfAbsent(s.server(), server -> new Value(Double.NaN)).v =
            s.lookup().toNanos() / 1e9;
      }
      lookup.keySet().retainAll(seen);
    }

    void collect(TargetSeries.Families f, Labels target) {
      f.gauge(
          "lookout_dns_drift",
          "1 if DNS answers differ from the expected records or the baseline",
          drift.v,
          target);
      missing.forEach(
          (type, v) ->
              f.gauge(
                  "lookout_dns_records_missing",
                  "Expected records not answered",
                  v.v,
                  target.add("rtype", type)));
      unexpected.forEach(
          (type, v) ->
              f.gauge(
                  "lookout_dns_records_unexpected",
                  "Answered records not expected",
                  v.v,
                  target.add("rtype", type)));
      lookup.forEach(
          (server, v) ->
              f.gauge(
                  "lookout_dns_lookup_seconds",
                  "How long each DNS server took to answer every type",
                  v.v,
                  target.add("server", server)));
    }
  }

  /**
   * Per-address certificate series. An address that stops resolving takes its series with it; one
   * whose handshake fails keeps its last expiry (still the best knowledge of that certificate) and
   * reads as untrusted.
   */
  private final class Tls {
    /** Per address: the expiry timestamp and the trust verdict. */
    private final Map<String, Value[]> values = new ConcurrentSkipListMap<>();

    void record(TlsObservation o) {
      if (o == null) {
        values.values().forEach(v -> v[1].v = 0);
        return;
      }
      Set<String> seen = new HashSet<>();
      for (AddressReport a : o.addresses()) {
        seen.add(a.address());
        Value[] v =
            values.computeIfAbsent(
                a.address(), address -> new Value[] {new Value(Double.NaN), new Value(Double.NaN)});
        if (a.chain() != null) {
          v[0].v = a.chain().earliestNotAfter().getEpochSecond();
        }
        v[1].v = a.trusted() ? 1 : 0;
      }
      values.keySet().retainAll(seen);
    }

    void collect(TargetSeries.Families f) {
      values.forEach(
          (address, v) -> {
            Labels at = f.labels("address", address, "target", name);
            f.gauge(
                "lookout_tls_cert_expiry_timestamp_seconds",
                "Earliest notAfter in the chain served on this address",
                v[0].v,
                at);
            f.gauge(
                "lookout_tls_cert_trusted",
                "1 if the chain served on this address verifies and the name matches",
                v[1].v,
                at);
          });
    }
  }

  /**
   * {@code lookout_email_auth_findings{check,level}}: every finding, including warnings that do not
   * fail the target. NaN when the probe got no answer, so a broken resolver is not "all clear".
   */
  private final class EmailAuth {
    final EmailAuthCheck check;
    final Map<String, Value> counts = new LinkedHashMap<>();

    EmailAuth(EmailAuthCheck check) {
      this.check = check;
      for (String c : MailFinding.CHECKS) {
        for (EmailAuthExpect.Level level : EmailAuthExpect.Level.values()) {
          counts.put(c + "/" + level.label(), new Value(Double.NaN));
        }
      }
    }

    void record(MailRecords o) {
      EmailAuthAnalysis.Report r = o == null ? null : EmailAuthAnalysis.analyze(check, o);
      for (String c : MailFinding.CHECKS) {
        for (EmailAuthExpect.Level level : EmailAuthExpect.Level.values()) {
          counts.get(c + "/" + level.label()).v = r == null ? Double.NaN : r.count(c, level);
        }
      }
    }

    void collect(TargetSeries.Families f) {
      for (String c : MailFinding.CHECKS) {
        for (EmailAuthExpect.Level level : EmailAuthExpect.Level.values()) {
          f.gauge(
              "lookout_email_auth_findings",
              "Email authentication findings of the last probe, by check and level",
              counts.get(c + "/" + level.label()).v,
              f.labels("check", c, "level", level.label(), "target", name));
        }
      }
    }
  }

  @Override
  public void close() {
    series.remove(this);
  }
}
