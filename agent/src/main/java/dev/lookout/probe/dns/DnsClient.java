package dev.lookout.probe.dns;

import dev.lookout.config.Durations;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Asks one DNS server one question without blocking, and hands back the server's whole response
 * (RCODE, AA flag, every section) so callers can judge it themselves: the {@code dns} drift check
 * compares answer sets, the {@code email_auth} check reads TXT records.
 *
 * <p>UDP with EDNS0 (1232-byte payload, the DNS flag day 2020 size that avoids IP fragmentation),
 * from a random source port with a random message ID; a truncated (TC) UDP answer is asked again
 * over TCP. Datagrams that are not the answer (wrong ID, source or question) are ignored until the
 * try's timeout (RFC 5452), see {@link DnsExchange}. dnsjava builds and parses the messages; the
 * sockets are Vert.x's, so answers come back on the caller's Vert.x context.
 */
public final class DnsClient {
  /** The DNS flag day 2020 size: large enough for most answers, small enough not to fragment. */
  static final int EDNS_PAYLOAD = 1232;

  /**
   * Completed once dnsjava's classes are loaded. Their first use initialises hundreds of classes
   * and tables (record types, mnemonics): hundreds of milliseconds on a busy machine, too long for
   * an event loop. So a plain thread does it once per JVM, and the first queries wait for it.
   */
  private static final CompletableFuture<Void> LOADED = new CompletableFuture<>();

  private static final AtomicBoolean LOADING = new AtomicBoolean();

  private final Vertx vertx;
  private final NetClient tcp;
  private Future<List<DnsServer>> system;

  public DnsClient(Vertx vertx) {
    this.vertx = vertx;
    // The connect timeout only bounds a connect nobody waits for any more: each try's own
    // deadline (DnsExchange) is what decides when we give up.
    this.tcp = vertx.createNetClient(new NetClientOptions().setConnectTimeout(30_000));
    if (LOADING.compareAndSet(false, true)) {
      Thread t = new Thread(DnsClient::load, "lookout-dnsjava-load");
      t.setDaemon(true);
      t.start();
    }
  }

  private static void load() {
    try {
      Name n = Name.fromString("load.lookout.invalid.");
      Message m = Message.newQuery(Record.newRecord(n, Type.A, DClass.IN));
      for (String rr :
          List.of(
              "A 192.0.2.1",
              "AAAA 2001:db8::1",
              "CNAME x.invalid.",
              "NS x.invalid.",
              "MX 10 x.invalid.",
              "TXT \"x\"",
              "CAA 0 issue \"x\"",
              "SRV 1 1 1 x.invalid.",
              "SOA x.invalid. y.invalid. 1 2 3 4 5")) {
        int space = rr.indexOf(' ');
        m.addRecord(
            Record.fromString(
                n, Type.value(rr.substring(0, space)), DClass.IN, 60, rr.substring(space + 1), n),
            Section.ANSWER);
      }
      m.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
      new Message(m.toWire()).getRcode();
      DnsExchange.randomId(); // seeds the SecureRandom off the event loop
    } catch (IOException | RuntimeException e) {
      // only a warm-up: the real queries will load whatever is left
    } finally {
      LOADED.complete(null);
    }
  }

  /**
   * How to ask: with recursion desired (a resolver) or without (an authoritative server), how long
   * to wait for each try, and how many times to try again after a try got no answer.
   */
  public record Options(boolean recursion, Duration timeout, int retries) {
    public Options {
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be longer than zero");
      }
      if (retries < 0) {
        throw new IllegalArgumentException("retries must not be negative");
      }
    }
  }

  /**
   * The system's resolvers from {@code /etc/resolv.conf} (via dnsjava's {@link ResolverConfig}),
   * read once on a worker thread because it reads files.
   */
  public synchronized Future<List<DnsServer>> systemServers() {
    if (system == null) {
      system =
          vertx.executeBlocking(
              () ->
                  ResolverConfig.getCurrentConfig().servers().stream().map(DnsServer::of).toList(),
              false);
    }
    return system;
  }

  /**
   * Completes (on {@code context}) once dnsjava is loaded; callers that build dnsjava values
   * ({@link Name}, {@link Type}) on an event loop before their first query wait for it too.
   */
  public Future<Void> ready(Context context) {
    return LOADED.isDone() ? Future.succeededFuture() : Future.fromCompletionStage(LOADED, context);
  }

  /**
   * Asks {@code server} for ({@code name}, {@code type}). Succeeds with the response when its RCODE
   * is NOERROR (an empty answer section is a valid "no such record" answer); fails with a {@link
   * DnsQueryFailed} otherwise.
   */
  public Future<Message> query(
      Context context, DnsServer server, Name name, int type, Options options) {
    return ready(context)
        .compose(v -> attempt(context, server, name, type, options, 1, new DnsExchange.Ignored()))
        .compose(m -> checkRcode(m, server));
  }

  private Future<Message> attempt(
      Context context,
      DnsServer server,
      Name name,
      int type,
      Options options,
      int tryNo,
      DnsExchange.Ignored ignored) {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    query.getHeader().setID(DnsExchange.randomId());
    if (!options.recursion()) {
      query.getHeader().unsetFlag(Flags.RD);
    }
    query.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    return new DnsExchange(vertx, tcp, server, options.recursion(), query, ignored)
        .run(context, options.timeout())
        .recover(
            e -> {
              boolean timeout = e instanceof DnsExchange.Failed f && f.timeout;
              if (timeout && tryNo <= options.retries()) {
                return attempt(context, server, name, type, options, tryNo + 1, ignored);
              }
              return Future.failedFuture(worded(e, server, options, tryNo, ignored));
            });
  }

  private static Future<Message> checkRcode(Message m, DnsServer server) {
    int rcode = m.getRcode();
    if (rcode == Rcode.NOERROR) {
      return Future.succeededFuture(m);
    }
    DnsQueryFailed.Kind kind =
        rcode == Rcode.NXDOMAIN
            ? DnsQueryFailed.Kind.NXDOMAIN
            : rcode == Rcode.SERVFAIL
                ? DnsQueryFailed.Kind.SERVFAIL
                : DnsQueryFailed.Kind.ERROR_RCODE;
    return Future.failedFuture(
        new DnsQueryFailed(kind, Rcode.string(rcode) + " from " + server, m));
  }

  private static DnsQueryFailed worded(
      Throwable e, DnsServer server, Options options, int tries, DnsExchange.Ignored ignored) {
    if (e instanceof DnsExchange.Failed f && f.timeout) {
      String within =
          " within "
              + Durations.human(options.timeout())
              + (tries > 1 ? " (" + tries + " tries)" : "");
      return new DnsQueryFailed(
          DnsQueryFailed.Kind.TIMEOUT,
          ignored.any()
              ? "no usable answer from " + server + within + "; ignored " + ignored.describe()
              : "no answer from " + server + within,
          null);
    }
    String detail =
        e instanceof DnsExchange.Failed
            ? e.getMessage()
            : "the query to " + server + " failed: " + DnsExchange.words(e);
    return new DnsQueryFailed(DnsQueryFailed.Kind.NETWORK, detail, null);
  }
}
