package dev.lookout.metrics;

import dev.lookout.config.Target;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.http.HttpObservation;
import dev.lookout.probe.http.HttpPhases;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
  private final String name;
  private Http http;

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
      MeterRegistry registry, WindowQuantiles quantiles, Target target, Duration[] buckets) {
    this.registry = registry;
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
            .register(registry);
    meters.add(duration);
    if (target.type().equals("http")) {
      http = new Http();
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

  @Override
  public void close() {
    quantiles.remove(name);
    meters.forEach(registry::remove);
    registry.find("lookout.probes.skipped").tags(tags).meters().forEach(registry::remove);
  }
}
