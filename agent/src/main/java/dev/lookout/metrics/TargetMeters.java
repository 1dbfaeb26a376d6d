package dev.lookout.metrics;

import dev.lookout.config.Target;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.http.HttpObservation;
import dev.lookout.probe.http.HttpPhases;
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
  private final Value p50 = new Value(Double.NaN);
  private final Value p95 = new Value(Double.NaN);
  private final Value p99 = new Value(Double.NaN);
  private Http http;
  private Tls tls;

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
    if (target.type().equals("tls")) {
      tls = new Tls();
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
    if (tls != null) {
      tls.record(result.observation() instanceof TlsObservation o ? o : null);
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

  @Override
  public void close() {
    if (tls != null) {
      tls.close();
    }
    meters.forEach(registry::remove);
    registry.find("lookout.probes.skipped").tags(tags).meters().forEach(registry::remove);
  }
}
