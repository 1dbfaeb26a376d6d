package dev.lookout.runtime;

import dev.lookout.check.CheckType;
import dev.lookout.check.ProbeContext;
import dev.lookout.checks.CheckTypes;
import dev.lookout.config.Target;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.dns.DnsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The probe of each registered check type ({@link CheckTypes}), one set per lane, and the one path
 * every probe runs through ({@code run} and {@code lookout once} alike): behind a {@link
 * ProbeGuard}, so a broken probe still ends as a failed result with a reason in time.
 */
public final class Probes implements Probe {
  private final ProbeGuard guard;
  private final Runnable close;

  public Probes(Vertx vertx, HostResolver resolver, String userAgent) {
    this(vertx, resolver, userAgent, null);
  }

  /**
   * @param stateDir the agent's state directory (DNS baselines live there); null: none, and
   *     baseline-mode dns targets fail with a reason
   */
  public Probes(Vertx vertx, HostResolver resolver, String userAgent, Path stateDir) {
    this(vertx, resolver, userAgent, stateDir, type -> null);
  }

  /** {@code services}: what the running agent shares with the check types (see ProbeContext). */
  public Probes(
      Vertx vertx,
      HostResolver resolver,
      String userAgent,
      Path stateDir,
      java.util.function.Function<Class<?>, Object> services) {
    this(vertx, new ByType(vertx, resolver, userAgent, stateDir, services));
  }

  private Probes(Vertx vertx, ByType byType) {
    this(vertx, byType, byType::close);
  }

  private Probes(Vertx vertx, Probe probe, Runnable close) {
    this.guard = new ProbeGuard(vertx, probe);
    this.close = close;
  }

  /**
   * Probes that run {@code probe} for every target, behind the same guard as the real ones: lets a
   * test hand {@code run} or {@code once} a probe that throws or never completes.
   */
  public static Probes of(Vertx vertx, Probe probe) {
    return new Probes(vertx, probe, () -> {});
  }

  /**
   * Never fails and always completes, within the target's timeout plus {@link ProbeGuard#GRACE}.
   */
  @Override
  public Future<ProbeResult> run(Target target) {
    return guard.run(target);
  }

  public void close() {
    close.run();
  }

  /** Picks the probe by the target's check type. */
  private static final class ByType implements Probe {
    private final Map<Class<?>, Probe> bySpec = new HashMap<>();

    ByType(
        Vertx vertx,
        HostResolver resolver,
        String userAgent,
        Path stateDir,
        java.util.function.Function<Class<?>, Object> services) {
      ProbeContext context =
          new ProbeContext(
              vertx,
              resolver,
              userAgent,
              new DnsClient(vertx),
              stateDir,
              Clock.systemUTC(),
              services);
      for (CheckType<?, ?> type : CheckTypes.ALL) {
        bySpec.put(type.specClass(), type.probe(context));
      }
    }

    @Override
    public Future<ProbeResult> run(Target target) {
      Probe probe = bySpec.get(target.check().getClass());
      if (probe == null) {
        throw new IllegalStateException("no probe for check type " + target.type());
      }
      return probe.run(target);
    }

    @Override
    public void close() {
      bySpec.values().forEach(Probe::close);
    }
  }
}
