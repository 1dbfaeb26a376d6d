package dev.lookout.probe;

import dev.lookout.probe.dns.DnsClient;
import dev.lookout.probe.dns.DnsQueryFailed;
import dev.lookout.probe.dns.DnsServer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;

/**
 * A dnsjava {@link Resolver} that sends through the agent's own {@link DnsClient}, so host lookups
 * get what dnsjava's {@code SimpleResolver} lacks: a datagram with the wrong message ID, source or
 * question is ignored and the real answer still awaited (RFC 5452), where dnsjava fails the whole
 * lookup on it. dnsjava's {@code LookupSession} on top still does the CNAME chasing, search path,
 * hosts file and cache. Servers are asked in order; the next one when one gives no answer.
 */
final class ClientResolver implements Resolver {
  private static final Duration TRY = Duration.ofSeconds(2);
  private final List<DnsServer> servers;
  private volatile Vertx vertx;
  private volatile DnsClient client;

  ClientResolver(List<DnsServer> servers) {
    this.servers = List.copyOf(servers);
  }

  /**
   * Binds the resolver to the Vert.x instance whose sockets it uses, on first use (the system's
   * resolver is made before there is one).
   */
  synchronized void bind(Vertx owner) {
    if (client == null) {
      vertx = owner;
      client = new DnsClient(owner);
    }
  }

  @Override
  public CompletionStage<Message> sendAsync(Message query, Executor executor) {
    Record question = query.getQuestion();
    if (client == null) {
      return CompletableFuture.failedFuture(new IOException("the resolver is not bound to Vert.x"));
    }
    Context current = Vertx.currentContext();
    Context context = current != null ? current : vertx.getOrCreateContext();
    CompletableFuture<Message> out = new CompletableFuture<>();
    ask(context, question, 0)
        .onComplete(ar -> complete(out, ar.succeeded() ? ar.result() : null, ar.cause()));
    return out;
  }

  private static void complete(CompletableFuture<Message> out, Message m, Throwable e) {
    if (e == null) {
      out.complete(m);
    } else {
      out.completeExceptionally(e);
    }
  }

  private Future<Message> ask(Context context, Record question, int index) {
    if (servers.isEmpty()) {
      return Future.failedFuture(new IOException("no resolvers: /etc/resolv.conf lists none"));
    }
    DnsServer server = servers.get(index);
    return client
        .query(
            context,
            server,
            question.getName(),
            question.getType(),
            new DnsClient.Options(true, TRY, 1))
        .recover(
            e -> {
              // An RCODE is an answer: dnsjava's lookup turns NXDOMAIN, SERVFAIL, … into its own.
              if (e instanceof DnsQueryFailed f && f.response() != null) {
                return Future.succeededFuture(f.response());
              }
              if (index + 1 < servers.size()) {
                return ask(context, question, index + 1);
              }
              return Future.failedFuture(
                  e instanceof DnsQueryFailed f && f.kind() == DnsQueryFailed.Kind.TIMEOUT
                      ? new SocketTimeoutException(e.getMessage())
                      : new IOException(e.getMessage()));
            });
  }

  @Override
  public void setPort(int port) {}

  @Override
  public void setTCP(boolean flag) {}

  @Override
  public void setIgnoreTruncation(boolean flag) {}

  @Override
  public void setEDNS(int version, int payloadSize, int flags, List<org.xbill.DNS.EDNSOption> o) {}

  @Override
  public void setTSIGKey(org.xbill.DNS.TSIG key) {}

  @Override
  public void setTimeout(Duration timeout) {}
}
