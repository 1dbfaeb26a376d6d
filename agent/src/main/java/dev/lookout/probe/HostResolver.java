package dev.lookout.probe;

import dev.lookout.config.HostPort;
import dev.lookout.probe.dns.DnsServer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.hosts.HostsFileParser;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.ServerFailedException;

/**
 * Resolves host names to addresses without blocking: dnsjava's asynchronous {@link LookupSession}
 * (hosts file, search path, TTL cache), its answers handed back on the caller's Vert.x context.
 * Failures carry a reason a person can act on ({@code DNS lookup of shop.example failed:
 * NXDOMAIN}).
 */
public final class HostResolver {
  private final LookupSession session;

  /** How failures name the resolvers asked: {@code the resolver 127.0.0.53}. */
  private final String resolvers;

  /** The agent's own DNS client under the session, bound to Vert.x on first use; or null. */
  private final ClientResolver client;

  /** The resolvers a check names itself ({@code resolvers:}), one per distinct list. */
  private final Map<List<HostPort>, HostResolver> named = new ConcurrentHashMap<>();

  private HostResolver(
      LookupSession session, List<InetSocketAddress> servers, ClientResolver client) {
    this.session = session;
    this.resolvers = name(servers);
    this.client = client;
  }

  private static String name(List<InetSocketAddress> servers) {
    List<String> names = new ArrayList<>();
    for (InetSocketAddress a : servers) {
      String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
      names.add(HostPort.format(host, a.getPort(), 53));
    }
    if (names.isEmpty()) {
      return "the resolver";
    }
    return (names.size() == 1 ? "the resolver " : "the resolvers ") + String.join(", ", names);
  }

  /**
   * Uses the system's resolvers and search path ({@code /etc/resolv.conf}); reads files: call at
   * start-up.
   */
  public static HostResolver system() {
    ResolverConfig config = ResolverConfig.getCurrentConfig();
    ClientResolver client =
        new ClientResolver(config.servers().stream().map(DnsServer::of).toList());
    return new HostResolver(
        LookupSession.defaultBuilder()
            .resolver(client)
            .searchPath(config.searchPath())
            .ndots(config.ndots())
            .hostsFileParser(new HostsFileParser())
            .build(),
        config.servers(),
        client);
  }

  /** Sends every query to the given resolver (tests point this at a DNS server on loopback). */
  public static HostResolver using(Resolver resolver) {
    return new HostResolver(
        LookupSession.builder().resolver(resolver).clearSearchPath().build(),
        resolver instanceof SimpleResolver simple ? List.of(simple.getAddress()) : List.of(),
        null);
  }

  /**
   * Asks these recursive resolvers, in order (the next when one gives no answer), through the
   * agent's DNS client: no search path, no hosts file, the names as written. What a check's {@code
   * resolvers:} means.
   */
  public static HostResolver asking(List<HostPort> servers) {
    List<InetSocketAddress> addresses =
        servers.stream().map(hp -> new InetSocketAddress(literal(hp.host()), hp.port())).toList();
    ClientResolver client = new ClientResolver(addresses.stream().map(DnsServer::of).toList());
    return new HostResolver(
        LookupSession.builder().resolver(client).clearSearchPath().build(), addresses, client);
  }

  /**
   * This resolver, or the one asking {@code servers} when the list is not empty (a check's {@code
   * resolvers:}); one per distinct list, so their caches last from probe to probe.
   */
  public HostResolver via(List<HostPort> servers) {
    return servers.isEmpty()
        ? this
        : named.computeIfAbsent(List.copyOf(servers), HostResolver::asking);
  }

  /** A failed lookup, with the reason already worded for a person. */
  public static class LookupFailed extends Exception {
    private static final long serialVersionUID = 1L;

    public LookupFailed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Resolves {@code host} to its addresses of the wanted families, A before AAAA when both are
   * allowed. IP literals are returned as they are, without a query.
   */
  public Future<List<InetAddress>> resolve(
      Context context, String host, boolean ipv4, boolean ipv6, Duration timeout) {
    InetAddress literal = literal(host);
    if (literal != null) {
      return Future.succeededFuture(List.of(literal));
    }
    Name name;
    try {
      name = Name.fromString(host);
    } catch (TextParseException e) {
      return Future.failedFuture(new LookupFailed("\"" + host + "\" is not a valid host name"));
    }
    Future<List<InetAddress>> first = lookup(context, name, ipv4 ? Type.A : Type.AAAA, host);
    if (ipv4 && ipv6) {
      first =
          first.recover(
              e ->
                  e instanceof NoRecords
                      ? lookup(context, name, Type.AAAA, host)
                      : Future.failedFuture(e));
    }
    Future<List<InetAddress>> answered =
        first.recover(
            e ->
                Future.failedFuture(
                    e instanceof LookupFailed
                        ? e
                        : new LookupFailed(
                            "DNS lookup of " + host + " failed: " + e.getMessage())));
    return Timeouts.within(context.owner(), answered, timeout.toMillis())
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof TimeoutException
                        ? new LookupFailed(
                            "DNS lookup of "
                                + host
                                + " got no answer from "
                                + resolvers
                                + " within "
                                + dev.lookout.config.Durations.human(timeout))
                        : e));
  }

  /**
   * Resolves {@code host} to every address it has, A and AAAA asked at once (A first in the
   * result). Fails only when neither family has an address. IP literals need no query.
   */
  public Future<List<InetAddress>> resolveAll(Context context, String host, Duration timeout) {
    InetAddress literal = literal(host);
    if (literal != null) {
      return Future.succeededFuture(List.of(literal));
    }
    Name name;
    try {
      name = Name.fromString(host);
    } catch (TextParseException e) {
      return Future.failedFuture(new LookupFailed("\"" + host + "\" is not a valid host name"));
    }
    Future<List<InetAddress>> a = lookup(context, name, Type.A, host);
    Future<List<InetAddress>> aaaa = lookup(context, name, Type.AAAA, host);
    Future<List<InetAddress>> both =
        Future.join(a, aaaa)
            .transform(
                ignored -> {
                  List<InetAddress> out = new ArrayList<>();
                  if (a.succeeded()) {
                    out.addAll(a.result());
                  }
                  if (aaaa.succeeded()) {
                    out.addAll(aaaa.result());
                  }
                  if (!out.isEmpty()) {
                    return Future.succeededFuture(out);
                  }
                  Throwable cause = a.cause() instanceof NoRecords ? aaaa.cause() : a.cause();
                  return Future.failedFuture(
                      cause == null || cause instanceof NoRecords
                          ? new LookupFailed(
                              "DNS lookup of " + host + " failed: no A or AAAA record")
                          : cause);
                });
    return Timeouts.within(context.owner(), both, timeout.toMillis())
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof LookupFailed
                        ? e
                        : e instanceof TimeoutException
                            ? new LookupFailed(
                                "DNS lookup of "
                                    + host
                                    + " got no answer from "
                                    + resolvers
                                    + " within "
                                    + dev.lookout.config.Durations.human(timeout))
                            : new LookupFailed(
                                "DNS lookup of " + host + " failed: " + e.getMessage())));
  }

  private static final class NoRecords extends LookupFailed {
    private static final long serialVersionUID = 1L;

    NoRecords(String message) {
      super(message);
    }
  }

  private Future<List<InetAddress>> lookup(Context context, Name name, int type, String host) {
    if (client != null) {
      client.bind(context.owner());
    }
    return Future.fromCompletionStage(session.lookupAsync(name, type), context)
        .recover(e -> Future.failedFuture(reason(unwrap(e), host, type, resolvers)))
        .map(HostResolver::addresses);
  }

  private static List<InetAddress> addresses(LookupResult result) {
    List<InetAddress> out = new ArrayList<>();
    for (Record r : result.getRecords()) {
      if (r instanceof ARecord a) {
        out.add(a.getAddress());
      } else if (r instanceof AAAARecord aaaa) {
        out.add(aaaa.getAddress());
      }
    }
    return out;
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private static LookupFailed reason(Throwable e, String host, int type, String resolvers) {
    String prefix = "DNS lookup of " + host + " failed: ";
    if (e instanceof NoSuchDomainException) {
      return new LookupFailed(prefix + "NXDOMAIN (the name does not exist)");
    }
    if (e instanceof NoSuchRRSetException) {
      return new NoRecords(prefix + "no " + Type.string(type) + " record");
    }
    if (e instanceof ServerFailedException) {
      return new LookupFailed(prefix + "SERVFAIL from " + resolvers);
    }
    if (e instanceof java.net.SocketTimeoutException || e instanceof TimeoutException) {
      return new LookupFailed(prefix + "no answer from " + resolvers);
    }
    if (e instanceof org.xbill.DNS.WireParseException) {
      return new LookupFailed(prefix + resolvers + " sent an answer that is not DNS");
    }
    if (e instanceof java.io.IOException) {
      // dnsjava's own wording ("Timed out while trying to resolve x./A, id=1") is for developers
      return new LookupFailed(
          prefix
              + "no answer from "
              + resolvers
              + (e.getMessage() != null && e.getMessage().startsWith("Timed out")
                  ? ""
                  : " (" + e.getMessage() + ")"));
    }
    return new LookupFailed(
        prefix
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
  }

  /** An IP literal as an address ({@code connect_to:}); fails for names. */
  public static InetAddress literalAddress(String ip) {
    InetAddress a = literal(ip);
    if (a == null) {
      throw new IllegalArgumentException("\"" + ip + "\" is not an IP address");
    }
    return a;
  }

  /** Parses an IPv4 or IPv6 literal without touching DNS; null for names. */
  static InetAddress literal(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      return org.xbill.DNS.Address.getByAddress(h);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
