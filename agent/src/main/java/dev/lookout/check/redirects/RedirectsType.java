package dev.lookout.check.redirects;

import dev.lookout.check.CheckType;
import dev.lookout.check.ProbeContext;
import dev.lookout.check.TargetCheck;
import dev.lookout.check.http.HttpRequests;
import dev.lookout.config.MapReader;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;

/**
 * The {@code redirects} check: every entry point lands on the one canonical URL, permanently and
 * quickly, and old URLs keep working; each hop requested by the http check's own request code.
 */
public final class RedirectsType implements CheckType<RedirectsCheck, RedirectsObservation> {
  @Override
  public String key() {
    return "redirects";
  }

  @Override
  public Class<RedirectsCheck> specClass() {
    return RedirectsCheck.class;
  }

  @Override
  public Class<RedirectsObservation> observationClass() {
    return RedirectsObservation.class;
  }

  @Override
  public RedirectsCheck parse(MapReader check, MapReader expect) {
    return new RedirectsCheckParser().parse(check, expect);
  }

  @Override
  public Probe probe(ProbeContext context) {
    return new RedirectsProbe(
        new HttpRequests(context.vertx(), context.resolver(), context.userAgent()));
  }

  @Override
  public boolean usesTls(RedirectsCheck spec) {
    // A plain http:// entry point usually redirects to https.
    return true;
  }

  @Override
  public TargetCheck<RedirectsObservation> target(Target target, RedirectsCheck spec) {
    return new RedirectsTarget(spec);
  }
}
