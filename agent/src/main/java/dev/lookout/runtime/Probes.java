package dev.lookout.runtime;

import dev.lookout.config.HttpCheck;
import dev.lookout.config.Target;
import dev.lookout.config.TlsCheck;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.http.HttpProbe;
import dev.lookout.probe.tls.TlsProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The probe for each check type, one set per lane. The one place a new check type is wired in. */
public final class Probes {
  private final HttpProbe http;
  private final TlsProbe tls;

  public Probes(Vertx vertx, HostResolver resolver, String userAgent) {
    this.http = new HttpProbe(vertx, resolver, userAgent);
    this.tls = new TlsProbe(vertx, resolver);
  }

  public Future<ProbeResult> run(Target target) {
    if (target.check() instanceof HttpCheck) {
      return http.run(target);
    }
    if (target.check() instanceof TlsCheck) {
      return tls.run(target);
    }
    throw new IllegalStateException("no probe for check type " + target.type());
  }

  public void close() {
    http.close();
    tls.close();
  }
}
