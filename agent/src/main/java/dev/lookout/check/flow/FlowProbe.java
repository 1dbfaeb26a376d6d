package dev.lookout.check.flow;

import dev.lookout.check.http.HttpExchanges;
import dev.lookout.config.Target;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The {@code flow} check: runs a target's steps one after another through the http check's request
 * code ({@link HttpExchanges}), all within the target's timeout. One instance per scheduler lane.
 */
public final class FlowProbe implements Probe {
  private final Vertx vertx;
  private final HttpExchanges http;

  public FlowProbe(Vertx vertx, HostResolver resolver, String userAgent) {
    this.vertx = vertx;
    this.http = new HttpExchanges(vertx, resolver, userAgent);
  }

  @Override
  public Future<ProbeResult> run(Target target) {
    return new FlowRun(vertx, http, (FlowCheck) target.check(), target.timeout()).start();
  }

  @Override
  public void close() {
    http.close();
  }
}
