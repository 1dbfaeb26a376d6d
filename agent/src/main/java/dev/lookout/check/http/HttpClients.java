package dev.lookout.check.http;

import dev.lookout.probe.ExtraTrust;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One client per distinct connection policy (TLS verification, extra CAs), shared by every target
 * with that policy: a Vert.x HTTP client (pooled) for {@code keep_alive} targets, a Vert.x net
 * client for the fresh connection of every other probe ({@link FreshExchange}). Not thread-safe:
 * each scheduler lane owns its own.
 */
final class HttpClients {
  private record Key(boolean verifyTls, Path caFile) {}

  private final Vertx vertx;
  private final String userAgent;
  private final Map<Key, HttpClientAgent> clients = new HashMap<>();
  private final Map<Key, NetClient> netClients = new HashMap<>();
  private final Map<Key, ClientSSLOptions> tls = new HashMap<>();
  // Written by probes of this lane, read on whichever event loop runs a pooled handshake.
  private final Map<String, Set<Runnable>> awaitingHandshake = new ConcurrentHashMap<>();
  private final HandshakeClock clock =
      new HandshakeClock(
          (host, port) ->
              awaitingHandshake.getOrDefault(host + ":" + port, Set.of()).forEach(Runnable::run));

  HttpClients(Vertx vertx, String userAgent) {
    this.vertx = vertx;
    this.userAgent = userAgent;
  }

  String userAgent() {
    return userAgent;
  }

  /** The pooled client of a {@code keep_alive} check. */
  HttpClientAgent clientFor(HttpCheck check) {
    return clients.computeIfAbsent(new Key(check.verifyTls(), check.caFile()), this::create);
  }

  /**
   * Runs {@code began} when a pooled connection to {@code host:port} (as the URL names it) begins
   * its TLS handshake, until the returned action is run.
   */
  Runnable onHandshake(String host, int port, Runnable began) {
    String key = host + ":" + port;
    awaitingHandshake.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(began);
    return () ->
        awaitingHandshake.computeIfPresent(
            key, (k, waiting) -> waiting.remove(began) && waiting.isEmpty() ? null : waiting);
  }

  /** The client that opens a fresh connection for each probe of a check. */
  NetClient netClientFor(HttpCheck check) {
    return netClients.computeIfAbsent(new Key(check.verifyTls(), check.caFile()), this::createNet);
  }

  /** The TLS policy a fresh connection of a check upgrades with (trust and host name check). */
  ClientSSLOptions tlsFor(HttpCheck check) {
    return tls.computeIfAbsent(
        new Key(check.verifyTls(), check.caFile()),
        key -> {
          ClientSSLOptions options =
              new ClientSSLOptions()
                  .setHostnameVerificationAlgorithm(key.verifyTls() ? "HTTPS" : "")
                  .setTrustAll(!key.verifyTls())
                  // The probe's deadline bounds the handshake, not a timer of Vert.x's own.
                  .setSslHandshakeTimeout(10)
                  .setSslHandshakeTimeoutUnit(TimeUnit.MINUTES);
          if (key.verifyTls()) {
            options.setTrustOptions(new ExtraTrust(key.caFile()));
          }
          return options;
        });
  }

  private NetClient createNet(Key key) {
    NetClientOptions options =
        new NetClientOptions().setHostnameVerificationAlgorithm(key.verifyTls() ? "HTTPS" : "");
    return vertx.createNetClient(connectionPolicy(options, key));
  }

  private HttpClientAgent create(Key key) {
    HttpClientOptions options =
        connectionPolicy(
            new HttpClientOptions().setKeepAlive(true).setVerifyHost(key.verifyTls()), key);
    // The scheduler's in-flight cap is the limit; the pool must not queue probes behind each other.
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(100_000).setMaxWaitQueueSize(-1);
    return vertx.httpClientBuilder().with(options).with(pool).build();
  }

  /** What both clients share: no Nagle delay, the handshake clock, and the trust of the key. */
  private <T extends ClientOptionsBase> T connectionPolicy(T options, Key key) {
    options.setTcpNoDelay(true);
    // The probe's deadline bounds the handshake, not a timer of Vert.x's own.
    options.setSslHandshakeTimeout(10).setSslHandshakeTimeoutUnit(TimeUnit.MINUTES);
    options.setSslEngineOptions(clock);
    options.setTrustAll(!key.verifyTls());
    if (key.verifyTls()) {
      // Set even without a ca_file: its trust managers say why a chain is refused, in the tls
      // check's words, where the JDK's default would only say that it is.
      options.setTrustOptions(new ExtraTrust(key.caFile()));
    }
    return options;
  }

  void close() {
    clients.values().forEach(HttpClientAgent::close);
    clients.clear();
    netClients.values().forEach(NetClient::close);
    netClients.clear();
    tls.clear();
  }
}
