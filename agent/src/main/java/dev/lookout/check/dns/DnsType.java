package dev.lookout.check.dns;

import dev.lookout.check.CheckType;
import dev.lookout.check.ProbeContext;
import dev.lookout.check.TargetCheck;
import dev.lookout.config.MapReader;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;

/**
 * The {@code dns} check: every record type asked of every server, judged for drift from the
 * expected records or the accepted baseline.
 */
public final class DnsType implements CheckType<DnsCheck, DnsObservation> {
  @Override
  public String key() {
    return "dns";
  }

  @Override
  public Class<DnsCheck> specClass() {
    return DnsCheck.class;
  }

  @Override
  public Class<DnsObservation> observationClass() {
    return DnsObservation.class;
  }

  @Override
  public DnsCheck parse(MapReader check, MapReader expect) {
    return new DnsCheckParser().parse(check, expect);
  }

  @Override
  public Probe probe(ProbeContext context) {
    return new DnsProbe(
        context.vertx(),
        context.dns(),
        context.stateDir() == null
            ? null
            : new DnsBaselineStore(context.vertx(), context.stateDir()));
  }

  @Override
  public boolean usesTls(DnsCheck spec) {
    return false;
  }

  @Override
  public TargetCheck<DnsObservation> target(Target target, DnsCheck spec) {
    return new DnsTarget(spec);
  }
}
