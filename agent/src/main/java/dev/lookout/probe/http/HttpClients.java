package dev.lookout.probe.http;

import dev.lookout.config.HttpCheck;
import dev.lookout.probe.ExtraTrust;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One Vert.x HTTP client per distinct connection policy (keep-alive, TLS verification, extra CAs),
 * shared by every target with that policy. Not thread-safe: each scheduler lane owns its own.
 */
final class HttpClients {
  private record Key(boolean keepAlive, boolean verifyTls, Path caFile) {}

  private final Vertx vertx;
  private final String userAgent;
  private final Map<Key, HttpClientAgent> clients = new HashMap<>();

  HttpClients(Vertx vertx, String userAgent) {
    this.vertx = vertx;
    this.userAgent = userAgent;
  }

  String userAgent() {
    return userAgent;
  }

  HttpClientAgent clientFor(HttpCheck check) {
    return clients.computeIfAbsent(
        new Key(check.keepAlive(), check.verifyTls(), check.caFile()), this::create);
  }

  private HttpClientAgent create(Key key) {
    HttpClientOptions options =
        new HttpClientOptions()
            .setKeepAlive(key.keepAlive())
            .setTcpNoDelay(true)
            .setSslEngineOptions(new HandshakeClock())
            .setVerifyHost(key.verifyTls())
            .setTrustAll(!key.verifyTls());
    if (key.caFile() != null) {
      options.setTrustOptions(new ExtraTrust(key.caFile()));
    }
    // The scheduler's in-flight cap is the limit; the pool must not queue probes behind each other.
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(100_000).setMaxWaitQueueSize(-1);
    return vertx.httpClientBuilder().with(options).with(pool).build();
  }

  void close() {
    clients.values().forEach(HttpClientAgent::close);
    clients.clear();
  }
}
