package dev.lookout.check.dns;

import dev.lookout.probe.dns.DnsClient;
import dev.lookout.probe.dns.DnsQueryFailed;
import dev.lookout.probe.dns.DnsServer;
import dev.lookout.probe.dns.DnsValues;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Finds the servers to ask in {@code authoritative: true} mode: the NS set of the zone holding the
 * name (walking up from the name via the SOA in the authority section), and each nameserver's IPv4
 * addresses, all through recursive resolvers. A nameserver whose address cannot be found is kept,
 * with the reason, so the check reports it instead of silently asking fewer servers.
 */
final class NameserverDiscovery {
  /** A server to ask, or the reason it cannot be asked. */
  record Nameserver(String name, DnsServer server, String failure) {}

  private final DnsClient client;
  private final Context context;
  private final List<DnsServer> resolvers;
  private final DnsClient.Options options;
  private final int port;

  NameserverDiscovery(
      DnsClient client,
      Context context,
      List<DnsServer> resolvers,
      DnsClient.Options options,
      int port) {
    this.client = client;
    this.context = context;
    this.resolvers = resolvers;
    this.options = new DnsClient.Options(true, options.timeout(), options.retries());
    this.port = port;
  }

  Future<List<Nameserver>> find(Name name) {
    return nsHosts(name, name, 0)
        .recover(
            e ->
                Future.failedFuture(
                    new DnsQueryFailed(
                        DnsQueryFailed.Kind.NETWORK,
                        "cannot find the nameservers of "
                            + DnsValues.name(name.toString()).replaceFirst("\\.$", "")
                            + ": "
                            + e.getMessage(),
                        null)))
        .compose(this::addresses);
  }

  /** The NS host names of the zone holding {@code at}. */
  private Future<List<Name>> nsHosts(Name original, Name at, int depth) {
    if (depth > original.labels()) {
      return Future.failedFuture(new IllegalStateException("no NS records up to the root"));
    }
    return ask(at, Type.NS, 0)
        .transform(
            ar -> {
              Message m =
                  ar.succeeded()
                      ? ar.result()
                      : ar.cause() instanceof DnsQueryFailed f
                              && f.kind() == DnsQueryFailed.Kind.NXDOMAIN
                          ? f.response()
                          : null;
              if (m == null) {
                return Future.failedFuture(ar.cause());
              }
              List<Name> hosts = new ArrayList<>();
              for (Record r : m.getSection(Section.ANSWER)) {
                if (r instanceof NSRecord ns && r.getName().equals(at)) {
                  hosts.add(ns.getTarget());
                }
              }
              if (!hosts.isEmpty()) {
                return Future.succeededFuture(hosts);
              }
              return nsHosts(original, zoneAbove(m, at), depth + 1);
            });
  }

  /** The zone named by the SOA in the authority section, else the parent of {@code at}. */
  private static Name zoneAbove(Message m, Name at) {
    for (Record r : m.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord && at.subdomain(r.getName()) && !r.getName().equals(at)) {
        return r.getName();
      }
    }
    return at.labels() > 1 ? new Name(at, 1) : Name.root;
  }

  private Future<List<Nameserver>> addresses(List<Name> hosts) {
    List<Future<List<Nameserver>>> each = new ArrayList<>();
    for (Name host : hosts) {
      String label = DnsValues.name(host.toString()).replaceFirst("\\.$", "");
      each.add(
          ask(host, Type.A, 0)
              .map(m -> servers(label, m))
              .recover(
                  e ->
                      Future.succeededFuture(
                          List.of(
                              new Nameserver(
                                  label,
                                  null,
                                  "cannot find the address of nameserver "
                                      + label
                                      + ": "
                                      + e.getMessage())))));
    }
    return Future.all(each)
        .map(
            all -> {
              List<Nameserver> out = new ArrayList<>();
              for (Future<List<Nameserver>> f : each) {
                out.addAll(f.result());
              }
              return out;
            });
  }

  private List<Nameserver> servers(String label, Message m) {
    List<InetAddress> addresses = new ArrayList<>();
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a && !addresses.contains(a.getAddress())) {
        addresses.add(a.getAddress());
      }
    }
    List<Nameserver> out = new ArrayList<>();
    if (addresses.isEmpty()) {
      out.add(new Nameserver(label, null, "nameserver " + label + " has no IPv4 address"));
    }
    for (InetAddress a : addresses) {
      String name = addresses.size() == 1 ? label : label + " (" + DnsValues.address(a) + ")";
      out.add(new Nameserver(name, new DnsServer(address(a), name), null));
    }
    return out;
  }

  private InetSocketAddress address(InetAddress a) {
    try {
      // Re-create the address from its bytes: no reverse lookup can ever be triggered by it.
      return new InetSocketAddress(InetAddress.getByAddress(a.getAddress()), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asks the resolvers in turn until one gives a definite answer (NOERROR or NXDOMAIN). */
  private Future<Message> ask(Name name, int type, int index) {
    return client
        .query(context, resolvers.get(index), name, type, options)
        .recover(
            e -> {
              boolean definite =
                  e instanceof DnsQueryFailed f && f.kind() == DnsQueryFailed.Kind.NXDOMAIN;
              if (definite || index + 1 >= resolvers.size()) {
                return Future.failedFuture(e);
              }
              return ask(name, type, index + 1);
            });
  }
}
