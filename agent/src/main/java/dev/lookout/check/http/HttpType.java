package dev.lookout.check.http;

import dev.lookout.check.CheckType;
import dev.lookout.check.ProbeContext;
import dev.lookout.check.TargetCheck;
import dev.lookout.config.MapReader;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;

/** The {@code http} check: one request (following redirects) judged by status, body and latency. */
public final class HttpType implements CheckType<HttpCheck, HttpObservation> {
  @Override
  public String key() {
    return "http";
  }

  @Override
  public Class<HttpCheck> specClass() {
    return HttpCheck.class;
  }

  @Override
  public Class<HttpObservation> observationClass() {
    return HttpObservation.class;
  }

  @Override
  public HttpCheck parse(MapReader check, MapReader expect) {
    return new HttpCheckParser().parse(check, expect);
  }

  @Override
  public Probe probe(ProbeContext context) {
    return new HttpProbe(context.vertx(), context.resolver(), context.userAgent());
  }

  @Override
  public boolean usesTls(HttpCheck spec) {
    return "https".equalsIgnoreCase(spec.url().getScheme());
  }

  @Override
  public TargetCheck<HttpObservation> target(Target target, HttpCheck spec) {
    return new HttpTarget(spec, target.window());
  }
}
