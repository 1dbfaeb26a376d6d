package dev.lookout.runtime;

import dev.lookout.alert.NotifierTypes;
import dev.lookout.check.http.HttpCheck;
import dev.lookout.check.http.HttpExpect;
import dev.lookout.check.http.HttpProbe;
import dev.lookout.checks.CheckTypes;
import dev.lookout.config.AlertPolicy;
import dev.lookout.config.Config;
import dev.lookout.config.Target;
import dev.lookout.probe.HostResolver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pays the JVM's one-time costs (class loading of Netty, Vert.x and JSSE, seeding the TLS random
 * source, loading the trust store) before the first real probe, so the first latency sample of a
 * target measures the target, not the agent's start-up.
 *
 * <p>JSSE and the trust store are loaded only once a config uses TLS somewhere (an https URL, a tls
 * check, a notifier that may talk TLS): some 700 classes and the parsed trust store are several MiB
 * an agent watching plain-HTTP services has no use for. A reload that brings TLS in loads it then,
 * off the event loop, before its targets are scheduled.
 */
final class Warmup {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  private static final AtomicBoolean TLS_LOADED = new AtomicBoolean();

  private Warmup() {}

  static Future<Void> run(Vertx vertx, HostResolver resolver, Config config) {
    return tlsIfUsed(vertx, config)
        .compose(v -> http(vertx, resolver))
        .recover(
            e -> {
              LOG.debug("warm-up skipped: {}", e.toString());
              return Future.succeededFuture();
            });
  }

  /** Loads JSSE and the trust store on a worker, once per process, if {@code config} uses TLS. */
  static Future<Void> tlsIfUsed(Vertx vertx, Config config) {
    if (!usesTls(config) || !TLS_LOADED.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return vertx
        .executeBlocking(Warmup::tls, false)
        .recover(
            e -> {
              LOG.debug("TLS warm-up skipped: {}", e.toString());
              return Future.succeededFuture();
            });
  }

  /** Whether anything in {@code config} may open a TLS connection. */
  static boolean usesTls(Config config) {
    for (Target t : config.targets()) {
      if (CheckTypes.usesTls(t)) {
        return true;
      }
    }
    return config.notifiers().values().stream().anyMatch(NotifierTypes::mayUseTls);
  }

  /** Produces a ClientHello without any peer: loads the client side of JSSE and its trust store. */
  private static Void tls() throws Exception {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
    engine.setUseClientMode(true);
    engine.beginHandshake();
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    engine.closeOutbound();
    return null;
  }

  /** One probe through the real HTTP probe against a throwaway server on loopback. */
  private static Future<Void> http(Vertx vertx, HostResolver resolver) {
    return vertx
        .createHttpServer()
        .requestHandler(r -> r.response().end("warm"))
        .listen(0, "127.0.0.1")
        .compose(
            server -> {
              HttpCheck check =
                  new HttpCheck(
                      URI.create("http://127.0.0.1:" + server.actualPort() + "/"),
                      "GET",
                      Map.of(),
                      null,
                      true,
                      1,
                      1024,
                      false,
                      HttpCheck.IpVersion.ANY,
                      true,
                      null,
                      new HttpExpect(
                          List.of(), null, null, Map.of(), Map.of(), null, null, null, null, null,
                          null));
              Target target =
                  new Target(
                      "warm-up",
                      check,
                      Duration.ofSeconds(10),
                      Duration.ofSeconds(5),
                      Duration.ofMinutes(1),
                      AlertPolicy.defaults(),
                      Map.of());
              HttpProbe probe = new HttpProbe(vertx, resolver, "Lookout/warm-up");
              return probe
                  .run(target)
                  .eventually(
                      () -> {
                        probe.close();
                        return server.close();
                      })
                  .mapEmpty();
            });
  }
}
