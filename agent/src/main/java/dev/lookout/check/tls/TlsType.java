package dev.lookout.check.tls;

import dev.lookout.check.CheckType;
import dev.lookout.check.ProbeContext;
import dev.lookout.check.TargetCheck;
import dev.lookout.config.MapReader;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;

/** The {@code tls} check: a handshake with every address of a host, judged by its certificates. */
public final class TlsType implements CheckType<TlsCheck, TlsObservation> {
  @Override
  public String key() {
    return "tls";
  }

  @Override
  public Class<TlsCheck> specClass() {
    return TlsCheck.class;
  }

  @Override
  public Class<TlsObservation> observationClass() {
    return TlsObservation.class;
  }

  @Override
  public TlsCheck parse(MapReader check, MapReader expect) {
    return new TlsCheckParser().parse(check, expect);
  }

  @Override
  public Probe probe(ProbeContext context) {
    return new TlsProbe(context.vertx(), context.resolver());
  }

  @Override
  public boolean usesTls(TlsCheck spec) {
    return true;
  }

  @Override
  public TargetCheck<TlsObservation> target(Target target, TlsCheck spec) {
    return new TlsTarget(spec);
  }
}
