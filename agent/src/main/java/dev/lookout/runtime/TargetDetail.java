package dev.lookout.runtime;

import dev.lookout.config.DnsCheck;
import dev.lookout.config.Durations;
import dev.lookout.config.Target;
import dev.lookout.evaluate.DnsDrift;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.DepthSeries.Trend;
import dev.lookout.probe.CertificateChain;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.dns.DnsObservation;
import dev.lookout.probe.http.Hop;
import dev.lookout.probe.http.HttpObservation;
import dev.lookout.probe.queue.QueueObservation;
import dev.lookout.probe.tls.AddressReport;
import dev.lookout.probe.tls.TlsObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What the status page shows about one target beyond its findings, in its check type's own terms:
 * days left on a certificate, a DNS diff, a queue's depth and growth. Taken from the last probe's
 * observation when the probe runs, so rendering a page of thousands of targets never has to look at
 * certificates or answers again. Never holds a URL, a header or anything else that could carry a
 * secret.
 *
 * @param facts short plain-word lines ({@code HTTP 200}, {@code certificate: 45 days left})
 * @param certDaysLeft whole days until the earliest certificate seen expires (negative once it
 *     has), or null when there was none
 * @param dnsDiff the DNS findings that describe drift (empty when the answers match)
 * @param queueDepth the backlog, or null for other check types and unanswered probes
 * @param queueGrowthPerMinute the fitted growth of the backlog, or null when there is no trend
 */
public record TargetDetail(
    List<String> facts,
    Long certDaysLeft,
    List<String> dnsDiff,
    Double queueDepth,
    Double queueGrowthPerMinute) {

  public static final TargetDetail EMPTY = new TargetDetail(List.of(), null, List.of(), null, null);

  public TargetDetail {
    facts = List.copyOf(facts);
    dnsDiff = List.copyOf(dnsDiff);
  }

  /** The detail of one probe result; {@code trend} is the queue's ({@link Trend#NONE} if none). */
  public static TargetDetail of(Target target, ProbeResult result, Trend trend, Instant now) {
    Object o = result.observation();
    if (o instanceof HttpObservation http) {
      return http(http, now);
    }
    if (o instanceof TlsObservation tls) {
      return tls(tls, now);
    }
    if (o instanceof DnsObservation dns && target.check() instanceof DnsCheck check) {
      return dns(check, dns);
    }
    if (o instanceof QueueObservation queue && result.answered()) {
      return queue(queue, trend);
    }
    return EMPTY;
  }

  private static TargetDetail http(HttpObservation o, Instant now) {
    List<String> facts = new ArrayList<>();
    facts.add(
        "HTTP "
            + o.status()
            + (o.redirects() == 0
                ? ""
                : " after " + o.redirects() + (o.redirects() == 1 ? " redirect" : " redirects")));
    Long days = null;
    for (Hop hop : o.hops()) {
      days = earliest(days, CertificateChain.of(hop.chain()), now);
    }
    if (days != null) {
      facts.add(certificate(days));
    }
    return new TargetDetail(facts, days, List.of(), null, null);
  }

  private static TargetDetail tls(TlsObservation o, Instant now) {
    Long days = null;
    int completed = 0;
    for (AddressReport a : o.addresses()) {
      days = earliest(days, a.chain(), now);
      completed += a.handshakeCompleted() ? 1 : 0;
    }
    List<String> facts = new ArrayList<>();
    facts.add(completed + " of " + plural(o.addresses().size(), "address", "addresses") + " ok");
    if (days != null) {
      facts.add(certificate(days));
    }
    return new TargetDetail(facts, days, List.of(), null, null);
  }

  private static TargetDetail dns(DnsCheck check, DnsObservation o) {
    DnsDrift.Result drift = DnsDrift.compare(check, o);
    List<String> diff = new ArrayList<>();
    for (Finding f : drift.findings()) {
      if (f.expectation().equals("records") || f.expectation().equals("agreement")) {
        diff.add(f.message());
      }
    }
    String servers = plural(o.servers().size(), "server", "servers");
    TreeSet<String> drifted = new TreeSet<>(drift.missing().keySet());
    drifted.addAll(drift.unexpected().keySet());
    String fact;
    if (!drift.drift()) {
      fact = String.join(", ", check.types()) + " as expected (" + servers + ")";
    } else if (drifted.isEmpty()) {
      fact = "drift (" + servers + ")";
    } else {
      fact = "drift in " + String.join(", ", drifted) + " (" + servers + ")";
    }
    return new TargetDetail(List.of(fact), null, diff, null, null);
  }

  private static TargetDetail queue(QueueObservation o, Trend trend) {
    List<String> facts = new ArrayList<>();
    facts.add("depth " + whole(o.depth()));
    Double growth = trend.known() ? trend.perMinute() : null;
    if (growth != null) {
      facts.add(
          (growth > 0 ? "growing " : growth < 0 ? "draining " : "flat ")
              + (growth == 0 ? "" : whole(Math.abs(growth)) + "/min"));
    }
    if (o.hasConsumers()) {
      facts.add(plural((long) o.consumers(), "consumer", "consumers"));
    }
    if (o.hasOldestAge()) {
      facts.add(
          "oldest " + Durations.human(Duration.ofMillis((long) (o.oldestAgeSeconds() * 1000))));
    }
    return new TargetDetail(facts, null, List.of(), o.depth(), growth);
  }

  private static Long earliest(Long days, CertificateChain chain, Instant now) {
    if (chain == null) {
      return days;
    }
    long left = Math.floorDiv(Duration.between(now, chain.earliestNotAfter()).toSeconds(), 86_400);
    return days == null ? left : Math.min(days, left);
  }

  private static String certificate(long days) {
    return days < 0
        ? "certificate expired " + plural(-days, "day", "days") + " ago"
        : "certificate: " + plural(days, "day", "days") + " left";
  }

  private static String whole(double v) {
    return Math.abs(v - Math.rint(v)) < 0.05
        ? String.format(Locale.ROOT, "%,d", (long) Math.rint(v))
        : String.format(Locale.ROOT, "%,.1f", v);
  }

  private static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
