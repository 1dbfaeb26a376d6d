package dev.lookout.runtime;

import dev.lookout.config.Durations;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds every probe to its contract ({@link Probe}: never throw, never fail the future, finish
 * within the timeout), whatever a bug in it does. A probe that throws, fails its future or never
 * completes becomes a failed {@link ProbeResult} with a reason a person can read, at the latest
 * {@link #GRACE} after the target's timeout. The scheduler of {@code run} and {@code lookout once}
 * both go through here, so neither can hang on a broken probe or record a failure with no reason.
 *
 * <p>Such a failure is a bug in Lookout, not news about the target: it is logged once per target
 * when it starts (or changes kind) with the exception on one line, its stack trace at DEBUG, and
 * not again until that target's probe has worked in between. Not thread-safe: one guard per lane,
 * used on the lane's context.
 */
final class ProbeGuard implements Probe {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeGuard.class);

  /** How much later than its own timeout a probe is cut off. */
  static final Duration GRACE = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Probe probe;

  /** Targets whose probe is broken now, with how: logged once per spell, cleared when it works. */
  private final Map<String, String> broken = new HashMap<>();

  ProbeGuard(Vertx vertx, Probe probe) {
    this.vertx = vertx;
    this.probe = probe;
  }

  @Override
  public Future<ProbeResult> run(Target target) {
    Instant startedAt = Instant.now();
    long startNanos = System.nanoTime();
    Duration limit = target.timeout().plus(GRACE);
    Future<ProbeResult> run;
    try {
      run = probe.run(target);
      if (run == null) {
        run = Future.failedFuture(new IllegalStateException("the probe returned no future"));
      }
    } catch (RuntimeException | LinkageError e) {
      run = Future.failedFuture(e);
    }
    return Timeouts.within(vertx, run, limit.toMillis())
        .compose(
            r -> {
              if (r == null) {
                return Future.failedFuture(new IllegalStateException("the probe gave no result"));
              }
              broken.remove(target.name());
              return Future.succeededFuture(r);
            })
        .recover(
            e ->
                Future.succeededFuture(
                    ProbeResult.failed(
                        startedAt,
                        Duration.ofNanos(System.nanoTime() - startNanos),
                        reason(target, e, limit))));
  }

  private String reason(Target target, Throwable e, Duration limit) {
    boolean hung = e instanceof TimeoutException;
    String reason =
        hung
            ? "the probe did not finish within "
                + Durations.human(limit)
                + " (the timeout of "
                + Durations.human(target.timeout())
                + " plus "
                + Durations.human(GRACE)
                + " grace)"
            : "the probe failed: an internal error in Lookout's "
                + target.type()
                + " check (details in the agent log)";
    String kind = hung ? "hung" : e.getClass().getName();
    if (!kind.equals(broken.put(target.name(), kind))) {
      LOG.warn(
          "target \"{}\": {}: {} (a bug in Lookout; logged once until this target's probe works"
              + " again)",
          target.name(),
          reason,
          hung ? "its future never completed" : e.toString());
      if (!hung) {
        LOG.debug("target \"{}\": the {} probe failed", target.name(), target.type(), e);
      }
    }
    return reason;
  }
}
