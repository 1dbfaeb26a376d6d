package dev.lookout.metrics;

import dev.lookout.config.DnsCheck;
import dev.lookout.config.EmailAuthCheck;
import dev.lookout.config.EmailAuthExpect;
import dev.lookout.config.Target;
import dev.lookout.evaluate.DnsDrift;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.dns.DnsObservation;
import dev.lookout.probe.http.HttpObservation;
import dev.lookout.probe.http.HttpPhases;
import dev.lookout.probe.mail.EmailAuthAnalysis;
import dev.lookout.probe.mail.MailFinding;
import dev.lookout.probe.mail.MailRecords;
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
  private final Value p50 = new Value(Double.NaN);
  private final Value p95 = new Value(Double.NaN);
  private final Value p99 = new Value(Double.NaN);
  private Http http;
  private Dns dns;
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

  TargetMeters(MeterRegistry registry, Target target, Duration[] buckets) {
    this.registry = registry;
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
            .register(registry);
    meters.add(duration);
    meters.add(quantile("0.5", p50));
    meters.add(quantile("0.95", p95));
    meters.add(quantile("0.99", p99));
    if (target.type().equals("http")) {
      http = new Http();
    }
    if (target.check() instanceof DnsCheck check) {
      dns = new Dns(check);
    }
    if (target.check() instanceof EmailAuthCheck check) {
      emailAuth = new EmailAuth(check);
    }
  }

  private Gauge quantile(String q, Value value) {
    return Gauge.builder("lookout.probe.latency.seconds", value, Value::get)
        .description("Exact latency quantiles over the target's window")
        .tags(tags.and("quantile", q))
        .register(registry);
  }

  /** Records one probe and its verdict. */
  public void record(ProbeResult result, boolean healthy, Quantiles window) {
    success.v = healthy ? 1 : 0;
    duration.record(result.duration());
    p50.v = window.p50();
    p95.v = window.p95();
    p99.v = window.p99();
    if (http != null && result.observation() instanceof HttpObservation o) {
      http.record(o);
    } else if (http != null) {
      http.status.v = 0;
    }
    if (dns != null && result.observation() instanceof DnsObservation o) {
      dns.record(o);
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
    meters.forEach(registry::remove);
    registry.find("lookout.probes.skipped").tags(tags).meters().forEach(registry::remove);
  }
}
