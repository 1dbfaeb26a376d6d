package dev.lookout.runtime;

import dev.lookout.config.HttpCheck;
import dev.lookout.config.Target;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.http.HttpProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The probe for each check type, one set per lane. The one place a new check type is wired in. */
public final class Probes {
  private final HttpProbe http;

  public Probes(Vertx vertx, HostResolver resolver, String userAgent) {
    this.http = new HttpProbe(vertx, resolver, userAgent);
  }

  public Future<ProbeResult> run(Target target) {
    if (target.check() instanceof HttpCheck) {
      return http.run(target);
    }
    throw new IllegalStateException("no probe for check type " + target.type());
  }

  public void close() {
    http.close();
  }
}
