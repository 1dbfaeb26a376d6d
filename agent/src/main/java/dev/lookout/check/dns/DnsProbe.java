package dev.lookout.check.dns;

import dev.lookout.config.Durations;
import dev.lookout.config.HostPort;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.dns.DnsClient;
import dev.lookout.probe.dns.DnsQueryFailed;
import dev.lookout.probe.dns.DnsServer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The {@code dns} check: asks every server (each resolver, or each authoritative nameserver with
 * recursion off) for every record type at once, and records what each said. In baseline mode it
 * also loads the stored baseline and grows it with types it does not hold yet. Comparing is left to
 * the evaluator. One instance per lane.
 */
public final class DnsProbe implements Probe {
  private final Vertx vertx;
  private final DnsClient client;
  private final DnsBaselines baselines;
  private final int nameserverPort;

  /**
   * @param baselines where baselines live; null when the agent has no state directory, which makes
   *     {@code baseline: true} targets fail with a reason
   */
  public DnsProbe(Vertx vertx, DnsClient client, DnsBaselines baselines) {
    this(vertx, client, baselines, DnsServer.PORT);
  }

  /** Tests run "authoritative" servers on a loopback port other than 53. */
  DnsProbe(Vertx vertx, DnsClient client, DnsBaselines baselines, int nameserverPort) {
    this.vertx = vertx;
    this.client = client;
    this.baselines = baselines;
    this.nameserverPort = nameserverPort;
  }

  @Override
  public Future<ProbeResult> run(Target target) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    DnsCheck check = (DnsCheck) target.check();
    Context context = vertx.getOrCreateContext();
    // Started inside compose, so even an unexpected exception becomes a failed result.
    return Future.succeededFuture()
        .compose(v -> client.ready(context))
        .compose(v -> observe(context, check))
        .compose(
            o ->
                check.baseline()
                    ? withBaseline(target.name(), check, o)
                    : Future.succeededFuture(o))
        .timeout(target.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .map(o -> ProbeResult.answered(started, since(t0), o))
        .recover(
            e ->
                Future.succeededFuture(
                    ProbeResult.failed(started, since(t0), reason(e, check, target.timeout()))));
  }

  /** Asks every server every type of {@code check}; never consults or changes a baseline. */
  public Future<DnsObservation> observe(Context context, DnsCheck check) {
    Name name;
    try {
      name = Name.fromString(check.name() + ".");
    } catch (TextParseException e) {
      return Future.failedFuture(
          new IllegalArgumentException("\"" + check.name() + "\" is not a DNS name"));
    }
    DnsClient.Options options =
        new DnsClient.Options(!check.authoritative(), check.timeout(), check.retries());
    return servers(context, check, name, options)
        .compose(servers -> askAll(context, check, name, options, servers));
  }

  private Future<List<NameserverDiscovery.Nameserver>> servers(
      Context context, DnsCheck check, Name name, DnsClient.Options options) {
    if (check.authoritative() && !check.nameservers().isEmpty()) {
      return Future.succeededFuture(fixed(check.nameservers()));
    }
    Future<List<DnsServer>> resolvers =
        check.resolvers().isEmpty()
            ? client.systemServers()
            : Future.succeededFuture(
                fixed(check.resolvers()).stream()
                    .map(NameserverDiscovery.Nameserver::server)
                    .toList());
    return resolvers.compose(
        list -> {
          if (list.isEmpty()) {
            return Future.failedFuture(
                new IllegalStateException("no resolvers: /etc/resolv.conf lists none"));
          }
          if (!check.authoritative()) {
            return Future.succeededFuture(
                list.stream()
                    .map(s -> new NameserverDiscovery.Nameserver(s.name(), s, null))
                    .toList());
          }
          return new NameserverDiscovery(client, context, list, options, nameserverPort).find(name);
        });
  }

  private static List<NameserverDiscovery.Nameserver> fixed(List<HostPort> servers) {
    List<NameserverDiscovery.Nameserver> out = new ArrayList<>();
    for (HostPort hp : servers) {
      DnsServer s = DnsServer.parse(hp.toString());
      out.add(new NameserverDiscovery.Nameserver(s.name(), s, null));
    }
    return out;
  }

  private Future<DnsObservation> askAll(
      Context context,
      DnsCheck check,
      Name name,
      DnsClient.Options options,
      List<NameserverDiscovery.Nameserver> servers) {
    List<Future<DnsObservation.ServerAnswers>> each = new ArrayList<>();
    for (NameserverDiscovery.Nameserver ns : servers) {
      each.add(ask(context, check, name, options, ns));
    }
    return Future.all(each)
        .map(
            all -> {
              List<DnsObservation.ServerAnswers> out = new ArrayList<>();
              each.forEach(f -> out.add(f.result()));
              return new DnsObservation(check.name(), out, null, List.of());
            });
  }

  /** One server, every type concurrently; failures become answers that say why. */
  private Future<DnsObservation.ServerAnswers> ask(
      Context context,
      DnsCheck check,
      Name name,
      DnsClient.Options options,
      NameserverDiscovery.Nameserver ns) {
    long t0 = System.nanoTime();
    Map<String, Future<DnsObservation.TypeAnswer>> byType = new LinkedHashMap<>();
    for (String type : check.types()) {
      int t = Type.value(type);
      byType.put(
          type,
          ns.server() == null
              ? Future.succeededFuture(DnsObservation.TypeAnswer.failed(ns.failure(), false))
              : client
                  .query(context, ns.server(), name, t, options)
                  .map(m -> Answers.read(m, name, t))
                  .recover(
                      e ->
                          Future.succeededFuture(
                              DnsObservation.TypeAnswer.failed(
                                  e.getMessage(),
                                  e instanceof DnsQueryFailed f
                                      && f.kind() == DnsQueryFailed.Kind.NXDOMAIN))));
    }
    return Future.all(new ArrayList<>(byType.values()))
        .map(
            all -> {
              Map<String, DnsObservation.TypeAnswer> answers = new LinkedHashMap<>();
              byType.forEach((type, f) -> answers.put(type, f.result()));
              return new DnsObservation.ServerAnswers(ns.name(), since(t0), answers);
            });
  }

  private Future<DnsObservation> withBaseline(String target, DnsCheck check, DnsObservation seen) {
    if (baselines == null) {
      return Future.failedFuture(
          new IllegalStateException(
              "baseline: true needs the agent's state_dir, and there is none"));
    }
    return baselines
        .load(target)
        .compose(
            stored -> {
              DnsBaseline current =
                  stored != null && stored.name().equals(check.name()) ? stored : null;
              DnsBaseline grown = DnsBaseline.learn(current, seen, check.types(), Instant.now());
              if (grown == current) {
                return Future.succeededFuture(seen.withBaseline(current, List.of()));
              }
              List<String> learned = new ArrayList<>();
              for (String type : check.types()) {
                if (grown.records().containsKey(type)
                    && (current == null || !current.records().containsKey(type))) {
                  learned.add(type);
                }
              }
              return baselines.save(target, grown).map(v -> seen.withBaseline(grown, learned));
            });
  }

  /** What {@code lookout dns-accept} did: the baseline it replaced (null: none) and the new one. */
  public record Acceptance(DnsBaseline previous, DnsBaseline accepted) {}

  /**
   * Asks the servers now and stores their answers as the target's baseline, replacing the old one.
   * Refuses (fails with the reasons) unless every server answered every type and all agree: a
   * baseline must not enshrine a half-propagated change.
   */
  public Future<Acceptance> accept(Target target) {
    DnsCheck check = (DnsCheck) target.check();
    if (!check.baseline()) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "target \""
                  + target.name()
                  + "\" declares its records; only baseline: true targets can accept"));
    }
    if (baselines == null) {
      return Future.failedFuture(
          new IllegalStateException("no state directory to keep baselines in"));
    }
    Context context = vertx.getOrCreateContext();
    return client
        .ready(context)
        .compose(v -> observe(context, check))
        .compose(
            seen -> {
              DnsBaseline fresh = DnsBaseline.learn(null, seen, check.types(), Instant.now());
              List<String> missing = new ArrayList<>(check.types());
              if (fresh != null) {
                missing.removeAll(fresh.records().keySet());
              }
              if (!missing.isEmpty()) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "no complete, agreeing answer for "
                            + String.join(", ", missing)
                            + " "
                            + check.name()
                            + ": "
                            + problems(missing, seen)));
              }
              return baselines
                  .load(target.name())
                  .recover(e -> Future.succeededFuture(null))
                  .compose(
                      previous ->
                          baselines
                              .save(target.name(), fresh)
                              .map(v -> new Acceptance(previous, fresh)));
            })
        .timeout(target.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .recover(
            e ->
                Future.failedFuture(new IllegalStateException(reason(e, check, target.timeout()))));
  }

  /** Why some types have no complete answer: each server's failure, else disagreement. */
  private static String problems(List<String> types, DnsObservation seen) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (String type : types) {
      for (DnsObservation.ServerAnswers s : seen.servers()) {
        DnsObservation.TypeAnswer a = s.answers().get(type);
        if (a != null && !a.answered()) {
          out.add(a.failure());
        }
      }
    }
    if (out.isEmpty()) {
      out.add("the servers answer differently (run lookout once to see who says what)");
    }
    return String.join("; ", out);
  }

  private static String reason(Throwable e, DnsCheck check, Duration timeout) {
    if (e instanceof TimeoutException) {
      return "DNS probe of " + check.name() + " did not finish within " + Durations.human(timeout);
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
