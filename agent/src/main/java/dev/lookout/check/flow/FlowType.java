package dev.lookout.check.flow;

import dev.lookout.check.CheckType;
import dev.lookout.check.ProbeContext;
import dev.lookout.check.TargetCheck;
import dev.lookout.config.MapReader;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;

/**
 * The {@code flow} check: several http requests (log in, call the API, check out) as one check with
 * one verdict, values and cookies carried from step to step.
 */
public final class FlowType implements CheckType<FlowCheck, FlowObservation> {
  @Override
  public String key() {
    return "flow";
  }

  @Override
  public Class<FlowCheck> specClass() {
    return FlowCheck.class;
  }

  @Override
  public Class<FlowObservation> observationClass() {
    return FlowObservation.class;
  }

  @Override
  public FlowCheck parse(MapReader check, MapReader expect) {
    return new FlowCheckParser().parse(check, expect);
  }

  @Override
  public Probe probe(ProbeContext context) {
    return new FlowProbe(context.vertx(), context.resolver(), context.userAgent());
  }

  @Override
  public boolean usesTls(FlowCheck spec) {
    return spec.steps().stream()
        .anyMatch(s -> "https".equalsIgnoreCase(s.http().url().getScheme()));
  }

  @Override
  public TargetCheck<FlowObservation> target(Target target, FlowCheck spec) {
    return new FlowTarget(spec, target.window());
  }
}
