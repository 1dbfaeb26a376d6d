package dev.lookout.check.queue;

import dev.lookout.config.Target;
import dev.lookout.probe.ExtraTrust;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code queue} check: asks a queue's own HTTP stats endpoint (RabbitMQ management, Sidekiq,
 * Flower, or any JSON) for its backlog and reads the numbers with JSON Pointers. A fresh connection
 * per probe: at probe intervals a kept-alive connection buys little, and one the server closed
 * while idle would now and then fail a probe for no reason of the queue's. One instance per
 * scheduler lane (event loop).
 */
public final class QueueProbe implements Probe {
  private record ClientKey(boolean verifyTls, Path caFile) {}

  private final Vertx vertx;
  private final HostResolver resolver;
  private final String userAgent;
  private final Clock clock;
  private final Map<ClientKey, HttpClientAgent> clients = new HashMap<>();

  /**
   * @param clock turns timestamps from the endpoint into ages
   */
  public QueueProbe(Vertx vertx, HostResolver resolver, String userAgent, Clock clock) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.userAgent = userAgent;
    this.clock = clock;
  }

  @Override
  public Future<ProbeResult> run(Target target) {
    QueueCheck check = (QueueCheck) target.check();
    HttpClientAgent client =
        clients.computeIfAbsent(new ClientKey(check.verifyTls(), check.caFile()), this::create);
    return new QueueAttempt(vertx, resolver, client, userAgent, clock, check, target.timeout())
        .start();
  }

  private HttpClientAgent create(ClientKey key) {
    HttpClientOptions options =
        new HttpClientOptions()
            .setKeepAlive(false)
            .setTcpNoDelay(true)
            .setVerifyHost(key.verifyTls())
            .setTrustAll(!key.verifyTls());
    if (key.caFile() != null) {
      options.setTrustOptions(new ExtraTrust(key.caFile()));
    }
    // Several queues on one broker share a host: enough connections that they do not wait in line.
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(64);
    // A target that breaks HTTP is a finding of its probe (the request and response carry it), not
    // an agent error: without a handler on the connection, Vert.x logs each one at ERROR.
    return vertx
        .httpClientBuilder()
        .with(options)
        .with(pool)
        .withConnectHandler(connection -> connection.exceptionHandler(e -> {}))
        .build();
  }

  public void close() {
    clients.values().forEach(HttpClientAgent::close);
    clients.clear();
  }
}
