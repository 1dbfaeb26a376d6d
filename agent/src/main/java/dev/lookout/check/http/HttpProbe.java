package dev.lookout.check.http;

import dev.lookout.config.Target;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The {@code http} check: resolves the host without blocking, connects afresh (unless {@code
 * keep_alive}), follows redirects itself so every hop is seen, reads at most {@code max_body}, and
 * times every phase; page expectations then run {@link PageAudit} on the answer. One instance per
 * scheduler lane (event loop).
 */
public final class HttpProbe implements Probe {
  private final Vertx vertx;
  private final HostResolver resolver;
  private final HttpClients clients;
  private final PageAudit pages;

  public HttpProbe(Vertx vertx, HostResolver resolver, String userAgent) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.clients = new HttpClients(vertx, userAgent);
    this.pages = new PageAudit(new HttpRequests(vertx, resolver, clients, false));
  }

  @Override
  public Future<ProbeResult> run(Target target) {
    HttpCheck check = (HttpCheck) target.check();
    long started = System.nanoTime();
    Future<ProbeResult> answer =
        new HttpAttempt(vertx, resolver, clients, check, target.timeout()).start();
    if (check.expect().page().isNone()) {
      return answer;
    }
    return answer.compose(r -> pages.after(check, target.timeout(), started, r));
  }

  public void close() {
    clients.close();
  }
}
