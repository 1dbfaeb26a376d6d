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
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The series of one target. Removed as a whole when the target goes away, so a renamed target
 * leaves no stale series behind.
 */
public final class TargetMeters implements AutoCloseable {
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final Tags tags;
  private final Timer duration;
  private final Value success = new Value(Double.NaN);
  private final WindowQuantiles quantiles;
  private final Runnable onClose;
  private final String name;
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

    double get() {
      return v;
    }
  }

  TargetMeters(
      MeterRegistry registry,
      WindowQuantiles quantiles,
      Target target,
      Duration[] buckets,
      Runnable onClose) {
    this.registry = registry;
    this.onClose = onClose;
    this.quantiles = quantiles;
    this.name = target.name();
    this.tags = Tags.of("target", target.name());
    Tags typed = tags.and("type", target.type());
    meters.add(
        Gauge.builder("lookout.probe.success", success, Value::get)
            .description("1 if the last probe met every expectation")
            .tags(typed)
            .register(registry));
    duration =
        Timer.builder("lookout.probe.duration")
            .description("Probe latency")
            .tags(typed)
            .serviceLevelObjectives(buckets)
            // Cumulative buckets are all Prometheus needs; one ring slot instead of Micrometer's
            // default three keeps a thousand targets' histograms a third of the size.
            .distributionStatisticBufferLength(1)
            .register(registry);
    meters.add(duration);
    if (target.type().equals("http")) {
      http = new Http();
    }
    if (target.type().equals("queue")) {
      queue = new Queue();
    }
    if (target.check() instanceof DnsCheck check) {
      dns = new Dns(check);
    }
    if (target.type().equals("tls")) {
      tls = new Tls();
    }
    if (target.check() instanceof EmailAuthCheck check) {
      emailAuth = new EmailAuth(check);
    }
  }

  /** Records one probe and its verdict. */
  public void record(ProbeResult result, boolean healthy, Quantiles window) {
    success.v = healthy ? 1 : 0;
    duration.record(result.duration());
    quantiles.put(name, window);
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

  private final class Http {
    final Value status = new Value(Double.NaN);
    final Value redirects = new Value(Double.NaN);
    final Value dns = new Value(Double.NaN);
    final Value connect = new Value(Double.NaN);
    final Value tls = new Value(Double.NaN);
    final Value ttfb = new Value(Double.NaN);
    final Value transfer = new Value(Double.NaN);

    Http() {
      meters.add(
          Gauge.builder("lookout.http.status.code", status, Value::get)
              .description("Status code of the last response (0: no response)")
              .tags(tags)
              .register(registry));
      meters.add(
          Gauge.builder("lookout.http.redirects", redirects, Value::get)
              .description("Redirects followed by the last probe")
              .tags(tags)
              .register(registry));
      phase("dns", dns);
      phase("connect", connect);
      phase("tls", tls);
      phase("ttfb", ttfb);
      phase("transfer", transfer);
    }

    private void phase(String name, Value v) {
      meters.add(
          Gauge.builder("lookout.http.phase.seconds", v, Value::get)
              .description("Time spent in each phase of the last probe")
              .tags(tags.and("phase", name))
              .register(registry));
    }

    void record(HttpObservation o) {
      status.v = o.status();
      redirects.v = o.redirects();
      HttpPhases p = o.phases();
      dns.v = p.dns();
      connect.v = p.connect();
      tls.v = p.tls();
      ttfb.v = p.ttfb();
      transfer.v = p.transfer();
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

  private final class Queue {
    final Value depth = new Value(Double.NaN);
    final Value growth = new Value(Double.NaN);
    final Value consumers = new Value(Double.NaN);
    final Value oldestAge = new Value(Double.NaN);

    Queue() {
      gauge("lookout.queue.depth", depth, "Backlog depth read by the last probe");
      gauge(
          "lookout.queue.growth.per.second",
          growth,
          "Least-squares slope of the backlog depth over the queue window, in messages per second");
      gauge("lookout.queue.consumers", consumers, "Consumers reported by the stats endpoint");
      gauge(
          "lookout.queue.oldest.age.seconds",
          oldestAge,
          "Age of the oldest waiting message reported by the stats endpoint");
    }

    private void gauge(String name, Value v, String description) {
      meters.add(
          Gauge.builder(name, v, Value::get)
              .description(description)
              .tags(tags)
              .register(registry));
    }
  }

  /**
   * The dns series: drift, the size of each side of the diff per record type, and how long each
   * server took. Server series come and go with the NS set, so stale ones are removed.
   */
  private final class Dns {
    final DnsCheck check;
    final Value drift = new Value(Double.NaN);
    final Map<String, Value> missing = new HashMap<>();
    final Map<String, Value> unexpected = new HashMap<>();
    final Map<String, Value> lookup = new HashMap<>();
    final Map<String, Meter> lookupMeters = new HashMap<>();

    Dns(DnsCheck check) {
      this.check = check;
      meters.add(
          Gauge.builder("lookout.dns.drift", drift, Value::get)
              .description("1 if DNS answers differ from the expected records or the baseline")
              .tags(tags)
              .register(registry));
      for (String type : check.types()) {
        missing.put(
            type, side("lookout.dns.records.missing", type, "Expected records not answered"));
        unexpected.put(
            type, side("lookout.dns.records.unexpected", type, "Answered records not expected"));
      }
    }

    private Value side(String name, String type, String description) {
      Value v = new Value(Double.NaN);
      meters.add(
          Gauge.builder(name, v, Value::get)
              .description(description)
              .tags(tags.and("rtype", type))
              .register(registry));
      return v;
    }

    void record(DnsObservation o) {
      DnsDrift.Result r = DnsDrift.compare(check, o);
      drift.v = r.drift() ? 1 : 0;
      missing.forEach((type, v) -> v.v = r.missing().getOrDefault(type, 0));
      unexpected.forEach((type, v) -> v.v = r.unexpected().getOrDefault(type, 0));
      Set<String> seen = new HashSet<>();
      for (DnsObservation.ServerAnswers s : o.servers()) {
        seen.add(s.server());
        Value v =
            lookup.computeIfAbsent(
                s.server(),
                server -> {
                  Value nv = new Value(Double.NaN);
                  Meter m =
                      Gauge.builder("lookout.dns.lookup.seconds", nv, Value::get)
                          .description("How long each DNS server took to answer every type")
                          .tags(tags.and("server", server))
                          .register(registry);
                  meters.add(m);
                  lookupMeters.put(server, m);
                  return nv;
                });
        v.v = s.lookup().toNanos() / 1e9;
      }
      for (String gone : new ArrayList<>(lookup.keySet())) {
        if (!seen.contains(gone)) {
          lookup.remove(gone);
          Meter m = lookupMeters.remove(gone);
          meters.remove(m);
          registry.remove(m);
        }
      }
    }
  }

  /**
   * Per-address certificate series. An address that stops resolving takes its series with it; one
   * whose handshake fails keeps its last expiry (still the best knowledge of that certificate) and
   * reads as untrusted.
   */
  private final class Tls {
    private final Map<String, Gauge[]> gauges = new HashMap<>();
    private final Map<String, Value[]> values = new HashMap<>();

    void record(TlsObservation o) {
      if (o == null) {
        values.values().forEach(v -> v[1].v = 0);
        return;
      }
      Set<String> seen = new HashSet<>();
      for (AddressReport a : o.addresses()) {
        seen.add(a.address());
        Value[] v = values.computeIfAbsent(a.address(), this::register);
        if (a.chain() != null) {
          v[0].v = a.chain().earliestNotAfter().getEpochSecond();
        }
        v[1].v = a.trusted() ? 1 : 0;
      }
      for (String gone : new HashSet<>(values.keySet())) {
        if (!seen.contains(gone)) {
          values.remove(gone);
          for (Gauge g : gauges.remove(gone)) {
            registry.remove(g);
          }
        }
      }
    }

    private Value[] register(String address) {
      Value expiry = new Value(Double.NaN);
      Value trusted = new Value(Double.NaN);
      Tags at = tags.and("address", address);
      gauges.put(
          address,
          new Gauge[] {
            Gauge.builder("lookout.tls.cert.expiry.timestamp.seconds", expiry, Value::get)
                .description("Earliest notAfter in the chain served on this address")
                .tags(at)
                .register(registry),
            Gauge.builder("lookout.tls.cert.trusted", trusted, Value::get)
                .description("1 if the chain served on this address verifies and the name matches")
                .tags(at)
                .register(registry)
          });
      return new Value[] {expiry, trusted};
    }

    void close() {
      gauges.values().forEach(gs -> List.of(gs).forEach(registry::remove));
      gauges.clear();
      values.clear();
    }
  }

  /**
   * {@code lookout_email_auth_findings{check,level}}: every finding, including warnings that do not
   * fail the target. NaN when the probe got no answer, so a broken resolver is not "all clear".
   */
  private final class EmailAuth {
    final EmailAuthCheck check;
    final Map<String, Value> counts = new HashMap<>();

    EmailAuth(EmailAuthCheck check) {
      this.check = check;
      for (String c : MailFinding.CHECKS) {
        for (EmailAuthExpect.Level level : EmailAuthExpect.Level.values()) {
          Value v = new Value(Double.NaN);
          counts.put(c + "/" + level.label(), v);
          meters.add(
              Gauge.builder("lookout.email.auth.findings", v, Value::get)
                  .description(
                      "Email authentication findings of the last probe, by check and level")
                  .tags(tags.and("check", c, "level", level.label()))
                  .register(registry));
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
  }

  @Override
  public void close() {
    quantiles.remove(name);
    if (tls != null) {
      tls.close();
    }
    meters.forEach(registry::remove);
    onClose.run();
  }
}
