package dev.lookout.check.tls;

import dev.lookout.checks.CheckTypes;
import dev.lookout.config.AlertPolicy;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestCertificates.Issued;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.parsetools.RecordParser;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.SimpleResolver;

/**
 * Loopback TLS servers and a probe to point at them, for the tls tests. Linux routes all of
 * 127.0.0.0/8 to the loopback interface, so 127.0.0.2 is a second address without any setup. The
 * servers run on their own Vert.x instance; only the probe runs on the guarded one.
 */
final class TlsFixture implements AutoCloseable {
  static final String HOST = "api.example.test";

  private final Vertx vertx;
  private final Vertx serverSide = Vertx.vertx();
  private final List<NetServer> servers = new ArrayList<>();
  private final TlsProbe probe;
  private final Context context;

  TlsFixture(Vertx vertx) {
    this(vertx, HostResolver.using(resolver()));
  }

  TlsFixture(Vertx vertx, HostResolver resolver) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.probe = new TlsProbe(vertx, resolver);
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
    NetServer s = serverSide.createNetServer(options);
    s.connectHandler(socket -> {});
    servers.add(s);
    return TestVertx.await(s.listen()).actualPort();
  }

  /** A server that accepts TCP and then says nothing, ever. */
  int silent(String host) {
    NetServer s = serverSide.createNetServer(new NetServerOptions().setHost(host).setPort(0));
    s.connectHandler(socket -> socket.handler(b -> {}));
    servers.add(s);
    return TestVertx.await(s.listen()).actualPort();
  }

  /**
   * The Vert.x instance for test servers: separate from the guarded one, so a server's own TLS
   * setup is not mistaken for the probe blocking an event loop.
   */
  Vertx servers() {
    return serverSide;
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
    return CheckTypes.judge(target, result, Quantiles.EMPTY, Instant.now()).findings().stream()
        .map(Finding::message)
        .toList();
  }

  @Override
  public void close() {
    for (NetServer s : servers) {
      TestVertx.await(s.close());
    }
    probe.close();
    TestVertx.await(serverSide.close());
  }

  /** A minimal ESMTP server: greeting, EHLO offering STARTTLS, then the upgrade (RFC 3207). */
  int smtp(Issued cert) {
    ServerSSLOptions ssl = new ServerSSLOptions().setKeyCertOptions(cert.keyCertOptions());
    NetServer server =
        serverSide.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
    server.connectHandler(
        socket -> {
          socket.write("220 mx.example.test ESMTP ready\r\n");
          socket.handler(
              RecordParser.newDelimited(
                  "\r\n",
                  line -> {
                    String cmd = line.toString().toUpperCase(Locale.ROOT);
                    if (cmd.startsWith("EHLO ")) {
                      socket.write("250-mx.example.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
                    } else if (cmd.equals("STARTTLS")) {
                      socket.upgradeToSsl(
                          ssl, (String) null, Buffer.buffer("220 2.0.0 go ahead\r\n"));
                    } else {
                      socket.write("502 5.5.1 unrecognized\r\n");
                    }
                  }));
        });
    servers.add(server);
    return TestVertx.await(server.listen()).actualPort();
  }

  /**
   * Runs the probe once (plain and STARTTLS) on a throwaway Vert.x instance, so the JVM's one-time
   * class loading and TLS setup are not counted against the guarded event loop of the first test.
   */
  static void warmUp() {
    Vertx throwaway = Vertx.vertx();
    try (TlsFixture f = new TlsFixture(throwaway)) {
      dev.lookout.testing.TestCertificates.Authority ca =
          dev.lookout.testing.TestCertificates.root("Warm-up Root");
      Issued leaf = ca.leaf(HOST);
      TlsExpect expect = expectAll();
      f.run(
          target(
              check(f.tls("127.0.0.1", 0, leaf), null, expect, "127.0.0.1"),
              Duration.ofSeconds(5)));
      TlsCheck smtp =
          new TlsCheck(
              HOST, f.smtp(leaf), HOST, List.of("127.0.0.1"), null, TlsCheck.StartTls.SMTP, expect);
      f.run(target(smtp, Duration.ofSeconds(5)));
    } finally {
      TestVertx.await(throwaway.close());
    }
  }
}
