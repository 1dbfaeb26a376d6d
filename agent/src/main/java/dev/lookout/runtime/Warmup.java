package dev.lookout.runtime;

import dev.lookout.config.AlertPolicy;
import dev.lookout.config.HttpCheck;
import dev.lookout.config.HttpExpect;
import dev.lookout.config.Target;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.http.HttpProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pays the JVM's one-time costs (class loading of Netty, Vert.x and JSSE, seeding the TLS random
 * source, loading the trust store) before the first real probe, so the first latency sample of a
 * target measures the target, not the agent's start-up.
 */
final class Warmup {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  private Warmup() {}

  static Future<Void> run(Vertx vertx, HostResolver resolver) {
    return vertx
        .executeBlocking(Warmup::tls, false)
        .compose(v -> http(vertx, resolver))
        .recover(
            e -> {
              LOG.debug("warm-up skipped: {}", e.toString());
              return Future.succeededFuture();
            });
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
