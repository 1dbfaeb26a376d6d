package dev.lookout.check.queue;

import dev.lookout.check.CheckType;
import dev.lookout.check.ProbeContext;
import dev.lookout.check.TargetCheck;
import dev.lookout.config.MapReader;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;

/**
 * The {@code queue} check: a backlog read from a stats endpoint, judged by its depth and by the
 * trend of its depth history, which this type keeps per target.
 */
public final class QueueType implements CheckType<QueueCheck, QueueObservation> {
  @Override
  public String key() {
    return "queue";
  }

  @Override
  public Class<QueueCheck> specClass() {
    return QueueCheck.class;
  }

  @Override
  public Class<QueueObservation> observationClass() {
    return QueueObservation.class;
  }

  @Override
  public QueueCheck parse(MapReader check, MapReader expect) {
    return new QueueCheckParser().parse(check, expect);
  }

  @Override
  public Probe probe(ProbeContext context) {
    return new QueueProbe(
        context.vertx(), context.resolver(), context.userAgent(), context.clock());
  }

  @Override
  public boolean usesTls(QueueCheck spec) {
    return "https".equalsIgnoreCase(spec.url().getScheme());
  }

  @Override
  public TargetCheck<QueueObservation> target(Target target, QueueCheck spec) {
    return new QueueTarget(spec);
  }
}
