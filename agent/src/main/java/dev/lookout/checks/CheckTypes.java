package dev.lookout.checks;

import dev.lookout.check.CheckType;
import dev.lookout.check.Gauges;
import dev.lookout.check.Judgement;
import dev.lookout.check.TargetCheck;
import dev.lookout.check.dns.DnsType;
import dev.lookout.check.emailauth.EmailAuthType;
import dev.lookout.check.flow.FlowType;
import dev.lookout.check.heartbeat.HeartbeatType;
import dev.lookout.check.http.HttpType;
import dev.lookout.check.maildelivery.MailDeliveryType;
import dev.lookout.check.queue.QueueType;
import dev.lookout.check.redirects.RedirectsType;
import dev.lookout.check.tls.TlsType;
import dev.lookout.config.CheckParsers;
import dev.lookout.config.CheckSpec;
import dev.lookout.config.Target;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.Observation;
import dev.lookout.probe.ProbeResult;
import java.time.Instant;
import java.util.List;

/**
 * The one list of check types. Adding a type is one line here, its package and its tests, an {@code
 * invalid-*.yaml} fixture whose trailing {@code # error:} lines the config tests check, and a
 * section in the README; the probes, the judgement, the metrics, the status page and the config
 * loader all loop over this list. The config loader reaches it through {@link CheckParsers} (a
 * {@link java.util.ServiceLoader} entry), since the check packages import the config package.
 */
public final class CheckTypes implements CheckParsers {
  /** Every check type, in the order config errors list them. */
  public static final List<CheckType<?, ?>> ALL =
      List.of(
          new HttpType(),
          new TlsType(),
          new DnsType(),
          new EmailAuthType(),
          new QueueType(),
          new HeartbeatType(),
          new FlowType(),
          new RedirectsType(),
          new MailDeliveryType());

  /** For {@link java.util.ServiceLoader}; use the static methods. */
  public CheckTypes() {}

  @Override
  public List<CheckType<?, ?>> parsers() {
    return ALL;
  }

  /** The type of a target's check. */
  public static CheckType<?, ?> of(Target target) {
    return of(target.check());
  }

  /** The type of a spec. */
  public static CheckType<?, ?> of(CheckSpec spec) {
    for (CheckType<?, ?> type : ALL) {
      if (type.specClass().isInstance(spec)) {
        return type;
      }
    }
    throw new IllegalArgumentException("no check type for " + spec.type());
  }

  /** Whether the target may open a TLS connection. */
  public static boolean usesTls(Target target) {
    return usesTls(of(target), target.check());
  }

  private static <S extends CheckSpec> boolean usesTls(CheckType<S, ?> type, CheckSpec spec) {
    return type.usesTls(type.specClass().cast(spec));
  }

  /** A new per-target instance of the target's check type, with no history yet. */
  public static Bound bind(Target target) {
    return bind(of(target), target);
  }

  private static <S extends CheckSpec, O extends Observation> Bound bind(
      CheckType<S, O> type, Target target) {
    return new Bound(
        new Typed<>(
            type.observationClass(), type.target(target, type.specClass().cast(target.check()))));
  }

  /**
   * Judges one result the way a fresh target would (no history): for tests and tools that have a
   * single result.
   */
  public static Judgement judge(Target target, ProbeResult result, Quantiles window, Instant now) {
    return bind(target).judge(result, window, now, System.nanoTime());
  }

  /**
   * A target's check type instance, seen from the core: takes untyped results and hands the type
   * the observation of its own class.
   */
  public static final class Bound {
    private final Typed<?> typed;

    private Bound(Typed<?> typed) {
      this.typed = typed;
    }

    /** Judges one result; see {@link TargetCheck#judge}. */
    public Judgement judge(ProbeResult result, Quantiles window, Instant now, long nanos) {
      return typed.judge(result, window, now, nanos);
    }

    /** The type's own series. */
    public void gauges(Gauges out) {
      typed.check.gauges(out);
    }
  }

  /** The one place an untyped {@link Observation} becomes the type's own, checked by class. */
  private record Typed<O extends Observation>(Class<O> observations, TargetCheck<O> check) {
    Judgement judge(ProbeResult result, Quantiles window, Instant now, long nanos) {
      Observation o = result.observation();
      return check.judge(
          result, observations.isInstance(o) ? observations.cast(o) : null, window, now, nanos);
    }
  }
}
