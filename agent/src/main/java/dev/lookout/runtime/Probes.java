package dev.lookout.runtime;

import dev.lookout.config.DnsCheck;
import dev.lookout.config.EmailAuthCheck;
import dev.lookout.config.HttpCheck;
import dev.lookout.config.QueueCheck;
import dev.lookout.config.Target;
import dev.lookout.config.TlsCheck;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.dns.DnsClient;
import dev.lookout.probe.dns.DnsProbe;
import dev.lookout.probe.http.HttpProbe;
import dev.lookout.probe.mail.EmailAuthProbe;
import dev.lookout.probe.queue.QueueProbe;
import dev.lookout.probe.tls.TlsProbe;
import dev.lookout.state.DnsBaselineStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * The probe for each check type, one set per lane. The one place a new check type is wired in, and
 * the one path every probe runs through ({@code run} and {@code lookout once} alike): behind a
 * {@link ProbeGuard}, so a broken probe still ends as a failed result with a reason in time.
 */
public final class Probes implements Probe {
  private final ProbeGuard guard;
  private final Runnable close;

  public Probes(Vertx vertx, HostResolver resolver, String userAgent) {
    this(vertx, resolver, userAgent, null);
  }

  /**
   * @param stateDir the agent's state directory (DNS baselines live there); null: none, and
   *     baseline-mode dns targets fail with a reason
   */
  public Probes(Vertx vertx, HostResolver resolver, String userAgent, Path stateDir) {
    this(vertx, new ByType(vertx, resolver, userAgent, stateDir));
  }

  private Probes(Vertx vertx, ByType byType) {
    this(vertx, byType, byType::close);
  }

  private Probes(Vertx vertx, Probe probe, Runnable close) {
    this.guard = new ProbeGuard(vertx, probe);
    this.close = close;
  }

  /**
   * Probes that run {@code probe} for every target, behind the same guard as the real ones: lets a
   * test hand {@code run} or {@code once} a probe that throws or never completes.
   */
  public static Probes of(Vertx vertx, Probe probe) {
    return new Probes(vertx, probe, () -> {});
  }

  /**
   * Never fails and always completes, within the target's timeout plus {@link ProbeGuard#GRACE}.
   */
  @Override
  public Future<ProbeResult> run(Target target) {
    return guard.run(target);
  }

  public void close() {
    close.run();
  }

  /** Picks the probe by the target's check type. */
  private static final class ByType implements Probe {
    private final HttpProbe http;
    private final QueueProbe queue;
    private final DnsProbe dns;
    private final TlsProbe tls;
    private final EmailAuthProbe mail;

    ByType(Vertx vertx, HostResolver resolver, String userAgent, Path stateDir) {
      this.http = new HttpProbe(vertx, resolver, userAgent);
      this.queue = new QueueProbe(vertx, resolver, userAgent, java.time.Clock.systemUTC());
      DnsClient dnsClient = new DnsClient(vertx);
      this.dns =
          new DnsProbe(
              vertx, dnsClient, stateDir == null ? null : new DnsBaselineStore(vertx, stateDir));
      this.mail = new EmailAuthProbe(vertx, dnsClient);
      this.tls = new TlsProbe(vertx, resolver);
    }

    @Override
    public Future<ProbeResult> run(Target target) {
      if (target.check() instanceof HttpCheck) {
        return http.run(target);
      }
      if (target.check() instanceof QueueCheck) {
        return queue.run(target);
      }
      if (target.check() instanceof DnsCheck) {
        return dns.run(target);
      }
      if (target.check() instanceof TlsCheck) {
        return tls.run(target);
      }
      if (target.check() instanceof EmailAuthCheck) {
        return mail.run(target);
      }
      throw new IllegalStateException("no probe for check type " + target.type());
    }

    void close() {
      http.close();
      queue.close();
      tls.close();
    }
  }
}
