package dev.lookout.probe.tls;

import dev.lookout.config.AlertPolicy;
import dev.lookout.config.Target;
import dev.lookout.config.TlsCheck;
import dev.lookout.config.TlsExpect;
import dev.lookout.evaluate.Evaluator;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestCertificates.Issued;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.SimpleResolver;

/**
 * Loopback TLS servers and a probe to point at them, for the tls tests. Linux routes all of
 * 127.0.0.0/8 to the loopback interface, so 127.0.0.2 is a second address without any setup.
 */
final class TlsFixture implements AutoCloseable {
  static final String HOST = "api.example.test";

  private final Vertx vertx;
  private final List<NetServer> servers = new ArrayList<>();
  private final TlsProbe probe;
  private final Context context;

  TlsFixture(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.probe = new TlsProbe(vertx, HostResolver.using(resolver()));
  }

  private static SimpleResolver resolver() {
    // Never asked: every test connects to IP literals, which need no query.
    return new SimpleResolver(new InetSocketAddress("127.0.0.1", 9));
  }

  /** A TLS server on {@code host}; port 0 picks a free one. Returns the port. */
  int tls(String host, int port, Issued cert, String... protocols) {
    NetServerOptions options =
        new NetServerOptions()
            .setSsl(true)
            .setKeyCertOptions(cert.keyCertOptions())
            .setHost(host)
            .setPort(port);
    if (protocols.length > 0) {
      options.setEnabledSecureTransportProtocols(java.util.Set.of(protocols));
    }
    NetServer s = vertx.createNetServer(options);
    s.connectHandler(socket -> {});
    servers.add(s);
    return TestVertx.await(s.listen()).actualPort();
  }

  /** A server that accepts TCP and then says nothing, ever. */
  int silent(String host) {
    NetServer s = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(0));
    s.connectHandler(socket -> socket.handler(b -> {}));
    servers.add(s);
    return TestVertx.await(s.listen()).actualPort();
  }

  void add(NetServer s) {
    servers.add(s);
  }

  static TlsExpect expectAll() {
    return new TlsExpect(14, null, true, true, "TLSv1.2", true);
  }

  static TlsCheck check(int port, Path caFile, TlsExpect expect, String... addresses) {
    return new TlsCheck(
        HOST, port, HOST, List.of(addresses), caFile, TlsCheck.StartTls.NONE, expect);
  }

  static Target target(TlsCheck check, Duration timeout) {
    return new Target(
        "api-cert",
        check,
        Duration.ofSeconds(30),
        timeout,
        Duration.ofMinutes(5),
        AlertPolicy.defaults(),
        Map.of());
  }

  /** Runs the probe on an event loop, as the scheduler does, and waits on the test thread. */
  ProbeResult run(Target target) {
    Promise<ProbeResult> p = Promise.promise();
    context.runOnContext(v -> probe.run(target).onComplete(p));
    return TestVertx.await(p.future());
  }

  static List<String> findings(Target target, ProbeResult result) {
    return Evaluator.evaluate(target, result, Quantiles.EMPTY, Instant.now()).findings().stream()
        .map(Finding::message)
        .toList();
  }

  @Override
  public void close() {
    for (NetServer s : servers) {
      TestVertx.await(s.close());
    }
    probe.close();
  }
}
