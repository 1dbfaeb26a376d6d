package dev.lookout.check.tls;

import dev.lookout.config.Target;
import dev.lookout.probe.CertificateChain;
import dev.lookout.probe.ChainVerifier;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.HostnameMatcher;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.Text;
import dev.lookout.probe.Timeouts;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.net.InetAddress;
import java.security.cert.TrustAnchor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The {@code tls} check: resolves every A and AAAA address of the host (or takes the fixed list),
 * shakes hands with each in parallel trusting anything, then verifies each captured chain with the
 * JDK's PKIX validator and checks the name. A certificate that fails verification is still reported
 * with its dates. One instance per scheduler lane (event loop).
 */
public final class TlsProbe implements Probe {
  private final Vertx vertx;
  private final HostResolver resolver;
  private final NetClient client;
  private final ClientSSLOptions ssl;
  private final TrustAnchors trust;
  private Future<Void> warm;

  public TlsProbe(Vertx vertx, HostResolver resolver) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
    // Trust all and skip the name check in the handshake: both are judged afterwards, so a bad
    // certificate is reported with its dates instead of as a bare handshake failure.
    this.ssl =
        new ClientSSLOptions()
            .setTrustAll(true)
            .setHostnameVerificationAlgorithm("")
            .setSslHandshakeTimeout(10)
            .setSslHandshakeTimeoutUnit(TimeUnit.MINUTES);
    this.trust = new TrustAnchors(vertx);
  }

  /**
   * Initialises the JDK's and Netty's TLS machinery (key exchange providers, cipher lists, buffer
   * pools) on a worker thread. The first handshake would otherwise do it on the event loop, where
   * it takes up to a second on a cold JVM.
   */
  private static Void warmUp() throws Exception {
    SslContext context =
        SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
    context.newEngine(ByteBufAllocator.DEFAULT).closeOutbound();
    // Netty's first pooled buffers set up its allocator's arenas, another one-time cost.
    ByteBufAllocator.DEFAULT.heapBuffer(1).release();
    ByteBufAllocator.DEFAULT.directBuffer(1).release();
    return null;
  }

  @Override
  public Future<ProbeResult> run(Target target) {
    Context context = vertx.getOrCreateContext();
    if (warm == null) {
      // On first use, not at construction: every lane has a tls probe, used or not.
      warm = vertx.executeBlocking(TlsProbe::warmUp, false).recover(e -> Future.succeededFuture());
    }
    if (!warm.isComplete()) {
      // Only the first probes of a lane wait; they come back on their own context.
      return Future.fromCompletionStage(warm.toCompletionStage(), context)
          .transform(ignored -> run(target));
    }
    TlsCheck check = (TlsCheck) target.check();
    Instant startedAt = Instant.now();
    long startNanos = System.nanoTime();
    long deadline = startNanos + target.timeout().toNanos();
    Future<Set<TrustAnchor>> anchors = trust.get(check.caFile());
    return addresses(context, check, target.timeout())
        .compose(
            ips -> {
              List<Future<TlsHandshake.Handshake>> shakes = new ArrayList<>();
              for (InetAddress ip : ips) {
                shakes.add(
                    new TlsHandshake(vertx, client, ssl, check, ip, target.timeout(), startNanos)
                        .run());
              }
              Future<Set<TrustAnchor>> bounded =
                  Timeouts.within(
                      vertx, anchors, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
              return Future.join(Future.join(shakes), bounded)
                  .transform(ignored -> Future.succeededFuture(observe(check, shakes, bounded)));
            })
        .map(o -> result(startedAt, startNanos, o))
        .otherwise(
            e ->
                ProbeResult.failed(
                    startedAt,
                    Duration.ofNanos(System.nanoTime() - startNanos),
                    e instanceof HostResolver.LookupFailed
                        ? e.getMessage()
                        : "tls probe of "
                            + check.host()
                            + " failed: "
                            + (e.getMessage() == null
                                ? "unexpected error"
                                : Text.printable(e.getMessage(), 300))));
  }

  /** Every address of the host, or of each entry of the fixed list, without duplicates. */
  private Future<List<InetAddress>> addresses(Context context, TlsCheck check, Duration timeout) {
    List<String> names = check.allAddresses() ? List.of(check.host()) : check.addresses();
    List<Future<List<InetAddress>>> lookups = new ArrayList<>();
    HostResolver via = resolver.via(check.resolvers());
    for (String name : names) {
      lookups.add(via.resolveAll(context, name, timeout));
    }
    return Future.all(lookups)
        .map(
            all -> {
              Set<InetAddress> out = new LinkedHashSet<>();
              lookups.forEach(f -> out.addAll(f.result()));
              return List.copyOf(out);
            });
  }

  private static TlsObservation observe(
      TlsCheck check, List<Future<TlsHandshake.Handshake>> shakes, Future<Set<TrustAnchor>> trust) {
    Instant now = Instant.now();
    Set<TrustAnchor> anchors = trust.succeeded() ? trust.result() : Set.of();
    String trustFailure =
        trust.succeeded()
            ? null
            : trust.cause() instanceof TimeoutException
                ? "the trust store was not loaded in time to verify the chain"
                : trust.cause().getMessage();
    List<AddressReport> reports = new ArrayList<>();
    for (Future<TlsHandshake.Handshake> f : shakes) {
      TlsHandshake.Handshake h = f.result();
      if (h.failure() != null) {
        reports.add(AddressReport.failed(h.address(), h.failure()));
        continue;
      }
      ChainVerifier.Verification v = ChainVerifier.verify(h.served(), anchors, now);
      String trustProblem = trustFailure != null ? trustFailure : v.problem();
      CertificateChain chain = new CertificateChain(v.path());
      reports.add(
          new AddressReport(
              h.address(),
              null,
              chain,
              h.protocol(),
              h.cipher(),
              trustProblem,
              HostnameMatcher.problem(chain.leaf(), check.sni())));
    }
    return new TlsObservation(check.host(), check.port(), reports);
  }

  /** Answered when at least one address served a certificate; the rest are findings. */
  private static ProbeResult result(Instant startedAt, long startNanos, TlsObservation o) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    if (o.addresses().stream().anyMatch(AddressReport::handshakeCompleted)) {
      return ProbeResult.answered(startedAt, took, o);
    }
    String why =
        o.addresses().stream()
            .map(a -> o.host() + " on " + a.address() + ": " + a.failure())
            .collect(Collectors.joining("; "));
    return new ProbeResult(startedAt, took, o, why);
  }

  public void close() {
    client.close();
  }
}
