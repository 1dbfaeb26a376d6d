package dev.lookout.metrics;

import dev.lookout.alert.NotificationMeters;
import dev.lookout.config.Target;
import dev.lookout.schedule.Overload;
import dev.lookout.schedule.Scheduler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The Prometheus side of the agent: one registry carrying the agent's labels on every series, the
 * agent-wide meters of the metrics contract, and a {@link TargetMeters} per target (read through
 * {@link TargetSeries}). Thread-safe.
 */
public final class LookoutMetrics
    implements Scheduler.SchedulerMetrics, NotificationMeters, AutoCloseable {
  /** Web-latency buckets: fine below a second, coarse up to the longest sensible timeout. */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(750),
    Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(3),
    Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)
  };

  private final PrometheusMeterRegistry registry;
  private final Timer lag;
  private final Overload overload;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger reloadOk = new AtomicInteger(1);
  private final List<AutoCloseable> binders = new ArrayList<>();
  private final TargetSeries targets;
  private final Timer firingDelivery;

  public LookoutMetrics(Map<String, String> agentLabels, String version) {
    this(agentLabels, version, Clock.systemUTC());
  }

  /**
   * @param clock the time the overload window runs on
   */
  public LookoutMetrics(Map<String, String> agentLabels, String version, Clock clock) {
    overload = new Overload(clock);
    registry = newRegistry(agentLabels);
    targets = new TargetSeries(prometheusLabels(agentLabels));
    registry.getPrometheusRegistry().register(targets);
    lag = lagTimer(registry);
    registerAgentGauges(version);
    firingDelivery = firingDeliveryTimer(registry);
    bindJvmAndSystemMeters();
  }

  /** A registry that puts the agent's labels on every series. */
  private static PrometheusMeterRegistry newRegistry(Map<String, String> agentLabels) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<Tag> common = new ArrayList<>();
    agentLabels.forEach((k, v) -> common.add(Tag.of(k, v)));
    registry.config().commonTags(common);
    // Two binder names break Prometheus naming rules (promtool flags them); the data is elsewhere:
    // process CPU as process_cpu_usage, the core count as a constant.
    registry
        .config()
        .meterFilter(
            MeterFilter.deny(
                id ->
                    id.getName().equals("system.cpu.count")
                        || id.getName().equals("process.cpu.time")));
    return registry;
  }

  /** The agent's labels for the series {@link TargetSeries} writes itself. */
  private static Labels prometheusLabels(Map<String, String> agentLabels) {
    Labels labels = Labels.EMPTY;
    for (Map.Entry<String, String> e : agentLabels.entrySet()) {
      labels = labels.add(e.getKey(), e.getValue());
    }
    return labels;
  }

  private static Timer lagTimer(PrometheusMeterRegistry registry) {
    return Timer.builder("lookout.scheduler.lag")
        .description("How late probes start against their schedule")
        .serviceLevelObjectives(
            Duration.ofMillis(1),
            Duration.ofMillis(5),
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            // An overloaded agent runs minutes behind: the buckets must show how far.
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(5))
        .register(registry);
  }

  /** Overload, probes in flight, the last reload, the build. */
  private void registerAgentGauges(String version) {
    Gauge.builder("lookout.scheduler.overloaded", overload, o -> o.overloaded() ? 1 : 0)
        .description(
            "1 while some probe started more than its interval late within the last minute")
        .strongReference(true)
        .register(registry);
    Gauge.builder("lookout.probes.in.flight", inFlight, AtomicInteger::get)
        .description("Probes running now")
        .register(registry);
    Gauge.builder("lookout.config.last.reload.successful", reloadOk, AtomicInteger::get)
        .description("1 if the last config load or reload succeeded")
        .register(registry);
    Gauge.builder("lookout.build.info", () -> 1)
        .tag("version", version)
        .description("Always 1; the version label says which build")
        .register(registry);
  }

  private static Timer firingDeliveryTimer(PrometheusMeterRegistry registry) {
    return Timer.builder("lookout.alert.delivery")
        .description(
            "Time from a target's first failing verdict to its delivered FIRING notification")
        .serviceLevelObjectives(
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(15),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15))
        .register(registry);
  }

  /** Micrometer's JVM and system binders; the GC one listens to the JVM until {@link #close}. */
  private void bindJvmAndSystemMeters() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    binders.add(gc);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    FileDescriptorMetrics fds = new FileDescriptorMetrics();
    fds.bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public TargetMeters forTarget(Target target) {
    return new TargetMeters(targets, target);
  }

  public void reloadSucceeded(boolean ok) {
    reloadOk.set(ok ? 1 : 0);
  }

  /** Whether the agent keeps up with its schedule (fed by every lane's scheduler). */
  public Overload overload() {
    return overload;
  }

  @Override
  public void lag(Target target, Duration lag) {
    this.lag.record(lag);
    overload.started(lag, target.interval());
  }

  @Override
  public void inFlight(int delta) {
    inFlight.addAndGet(delta);
  }

  @Override
  public void skipped(Target target, long count) {
    overload.skipped(count);
    TargetMeters meters = targets.get(target.name());
    if (meters != null) {
      meters.skipped(count);
    }
  }

  @Override
  public void notification(String notifier, String result) {
    Counter.builder("lookout.notifications")
        .description("Notification delivery attempts and outcomes by notifier")
        .tags("notifier", notifier, "result", result)
        .register(registry)
        .increment();
  }

  @Override
  public void firingDelivered(Duration sinceFirstFailure) {
    firingDelivery.record(sinceFirstFailure);
  }

  @Override
  public void outboxPending(IntSupplier pending) {
    registry.find("lookout.outbox.pending").meters().forEach(registry::remove);
    // Held strongly: Micrometer keeps a gauge's object weakly, and nothing else holds this lambda,
    // so a weak gauge read NaN after the first collection.
    Gauge.builder("lookout.outbox.pending", pending, IntSupplier::getAsInt)
        .description("Notifications stored in the outbox and not yet delivered")
        .strongReference(true)
        .register(registry);
  }

  /** {@code lookout_state_writable}: 1 while every write to the state directory succeeds. */
  public void stateWritable(java.util.function.BooleanSupplier writable) {
    registry.find("lookout.state.writable").meters().forEach(registry::remove);
    Gauge.builder("lookout.state.writable", writable, w -> w.getAsBoolean() ? 1 : 0)
        .description("1 while the state directory takes writes (alert states, outbox); 0 if not")
        .strongReference(true)
        .register(registry);
  }

  /** Sets {@code lookout_alert_firing{target}}. */
  public void alertFiring(String target, boolean isFiring) {
    targets.firing(target, isFiring);
  }

  /** Drops {@code lookout_alert_firing{target}} of a target that left the config. */
  public void alertGone(String target) {
    targets.forgetFiring(target);
  }

  /** The content type of a scrape for a request's {@code Accept} header. */
  public static String contentType(String accept) {
    return accept != null && accept.contains("application/openmetrics-text")
        ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
        : "text/plain; version=0.0.4; charset=utf-8";
  }

  /**
   * Writes a scrape, in the format the {@code Accept} header asks for, as it is produced: at a
   * thousand targets a scrape is a couple of MiB that need never be held whole.
   */
  public void scrape(String accept, OutputStream out) throws IOException {
    registry.scrape(out, contentType(accept));
  }

  /** A whole scrape in memory (for tests and tools). */
  public Scrape scrape(String accept) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      scrape(accept, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Scrape(contentType(accept), body.toString(StandardCharsets.UTF_8));
  }

  /** One scrape's body and its content type. */
  public record Scrape(String contentType, String body) {}

  @Override
  public void close() {
    for (AutoCloseable b : binders) {
      try {
        b.close();
      } catch (Exception e) {
        // shutting down anyway
      }
    }
    registry.close();
  }
}
