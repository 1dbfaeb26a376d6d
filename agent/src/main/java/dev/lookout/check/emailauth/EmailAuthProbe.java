package dev.lookout.check.emailauth;

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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The {@code email_auth} check's probe: asks recursive resolvers, through the shared non-blocking
 * {@link DnsClient}, for the TXT, MX, A and AAAA records the analysis needs, round after round
 * (each SPF include reveals the next names to ask), until {@link EmailAuthAnalysis} needs nothing
 * more. Resolvers are tried in order when one fails. Judging is left to the evaluator.
 */
public final class EmailAuthProbe implements Probe {
  /** Enough for a 10-lookup SPF tree with every a/mx target, DMARC, DKIM and MX hosts. */
  static final int QUERY_BUDGET = 150;

  static final int MAX_ROUNDS = 40;
  private static final Duration MAX_TRY = Duration.ofSeconds(2);
  private static final Duration MIN_TRY = Duration.ofMillis(100);

  private final Vertx vertx;
  private final DnsClient client;

  public EmailAuthProbe(Vertx vertx, DnsClient client) {
    this.vertx = vertx;
    this.client = client;
  }

  @Override
  public Future<ProbeResult> run(Target target) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    EmailAuthCheck check = (EmailAuthCheck) target.check();
    Context context = vertx.getOrCreateContext();
    // A try gets a quarter of the target's timeout (at most 2 s), so one silent resolver leaves
    // time for a retry and for the next resolver.
    Duration perTry = target.timeout().dividedBy(4);
    perTry =
        perTry.compareTo(MAX_TRY) > 0 ? MAX_TRY : perTry.compareTo(MIN_TRY) < 0 ? MIN_TRY : perTry;
    DnsClient.Options options = new DnsClient.Options(true, perTry, 1);
    // Wait until dnsjava is loaded (off the loop, once), as DnsProbe does: the rounds build
    // dnsjava names on this event loop before the first query.
    return Future.succeededFuture()
        .compose(v -> client.ready(context))
        .compose(v -> servers(check))
        .compose(servers -> new Session(context, check, servers, options).round())
        .timeout(target.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .map(o -> result(started, t0, o))
        .recover(
            e ->
                Future.succeededFuture(
                    ProbeResult.failed(started, since(t0), reason(e, check, target.timeout()))));
  }

  private static ProbeResult result(Instant started, long t0, MailRecords o) {
    boolean anyAnswer =
        o.answers().values().stream().anyMatch(a -> a.status() != MailAnswer.Status.FAILED);
    if (!anyAnswer && !o.answers().isEmpty()) {
      return ProbeResult.failed(
          started,
          since(t0),
          "no DNS answer for "
              + o.domain()
              + ": "
              + o.answers().values().iterator().next().failure());
    }
    return ProbeResult.answered(started, since(t0), o);
  }

  private Future<List<DnsServer>> servers(EmailAuthCheck check) {
    if (check.resolvers().isEmpty()) {
      return client
          .systemServers()
          .compose(
              list ->
                  list.isEmpty()
                      ? Future.failedFuture(
                          new IllegalStateException("no resolvers: /etc/resolv.conf lists none"))
                      : Future.succeededFuture(list));
    }
    List<DnsServer> out = new ArrayList<>();
    for (HostPort hp : check.resolvers()) {
      out.add(DnsServer.parse(hp.toString()));
    }
    return Future.succeededFuture(out);
  }

  /** One probe's state: the answers so far and how many questions were sent. */
  private final class Session {
    final Context context;
    final EmailAuthCheck check;
    final List<DnsServer> servers;
    final DnsClient.Options options;
    final Map<MailQuery, MailAnswer> answers = new LinkedHashMap<>();
    final AtomicInteger queries = new AtomicInteger();
    int rounds;

    Session(
        Context context, EmailAuthCheck check, List<DnsServer> servers, DnsClient.Options options) {
      this.context = context;
      this.check = check;
      this.servers = servers;
      this.options = options;
    }

    Future<MailRecords> round() {
      EmailAuthAnalysis.Report r = EmailAuthAnalysis.analyze(check, answers::get);
      if (r.needed().isEmpty()) {
        return Future.succeededFuture(records(true));
      }
      int room = QUERY_BUDGET - queries.get();
      if (rounds >= MAX_ROUNDS || room <= 0) {
        return Future.succeededFuture(records(false));
      }
      rounds++;
      List<MailQuery> ask = r.needed().stream().limit(room).toList();
      List<Future<MailAnswer>> each = new ArrayList<>();
      for (MailQuery q : ask) {
        each.add(ask(q, 0));
      }
      return Future.all(each)
          .compose(
              all -> {
                for (int i = 0; i < ask.size(); i++) {
                  answers.put(ask.get(i), each.get(i).result());
                }
                return round();
              });
    }

    MailRecords records(boolean complete) {
      return new MailRecords(check.domain(), answers, queries.get(), rounds, complete);
    }

    /** Asks resolver {@code i}; when it fails (not NXDOMAIN, which is an answer), the next one. */
    Future<MailAnswer> ask(MailQuery q, int i) {
      Name name;
      try {
        name = Name.fromString(q.name() + ".");
      } catch (TextParseException e) {
        return Future.succeededFuture(MailAnswer.failed("\"" + q.name() + "\" is not a DNS name"));
      }
      int type = Type.value(q.type());
      queries.incrementAndGet();
      return client
          .query(context, servers.get(i), name, type, options)
          .map(m -> read(m, name, type, MailAnswer.Status.NODATA))
          .recover(
              e -> {
                if (e instanceof DnsQueryFailed f && f.kind() == DnsQueryFailed.Kind.NXDOMAIN) {
                  return Future.succeededFuture(
                      read(f.response(), name, type, MailAnswer.Status.NXDOMAIN));
                }
                if (i + 1 < servers.size()) {
                  return ask(q, i + 1);
                }
                return Future.succeededFuture(MailAnswer.failed(String.valueOf(e.getMessage())));
              });
    }
  }

  /** The records of {@code type} in the answer, after the CNAME chain (which is remembered). */
  static MailAnswer read(Message m, Name name, int type, MailAnswer.Status empty) {
    List<String> values = new ArrayList<>();
    String cname = null;
    if (m != null) {
      for (Record r : m.getSection(Section.ANSWER)) {
        if (r instanceof CNAMERecord c && type != Type.CNAME) {
          cname = name(c.getTarget());
        } else if (r.getType() == type) {
          String v = value(r);
          if (!values.contains(v)) {
            values.add(v);
          }
        }
      }
    }
    if (!values.isEmpty()) {
      return new MailAnswer(MailAnswer.Status.FOUND, values, cname, null);
    }
    return new MailAnswer(empty, List.of(), cname, null);
  }

  private static String value(Record r) {
    if (r instanceof TXTRecord txt) {
      // RFC 7208 §3.3, RFC 6376 §3.6.2.2: the strings of one TXT record are joined as they are.
      return String.join("", txt.getStrings());
    }
    if (r instanceof MXRecord mx) {
      return mx.getPriority() + " " + name(mx.getTarget());
    }
    if (r instanceof ARecord a) {
      return a.getAddress().getHostAddress();
    }
    if (r instanceof AAAARecord a) {
      return a.getAddress().getHostAddress();
    }
    return r.rdataToString();
  }

  /** Lower-case without the trailing dot; the root stays ".". */
  private static String name(Name n) {
    String s = n.toString().toLowerCase(Locale.ROOT);
    return s.length() > 1 && s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static String reason(Throwable e, EmailAuthCheck check, Duration timeout) {
    if (e instanceof TimeoutException) {
      return "email_auth probe of "
          + check.domain()
          + " did not finish within "
          + Durations.human(timeout);
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
