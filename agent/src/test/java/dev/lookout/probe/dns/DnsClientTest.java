package dev.lookout.probe.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.testing.TestDnsServer;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsClientTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  private TestDnsServer server;
  private DnsClient client;
  private Context context;

  @BeforeEach
  void start() {
    server = TestDnsServer.start();
    server.records("example.com", "A", "203.0.113.10");
    client = new DnsClient(loop.vertx());
    context = loop.vertx().getOrCreateContext();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Future<Message> ask(boolean recursion, Duration timeout, int retries) {
    return client.query(
        context,
        DnsServer.parse(server.address()),
        Name.fromConstantString("example.com."),
        Type.A,
        new DnsClient.Options(recursion, timeout, retries));
  }

  private DnsQueryFailed failure(Future<Message> f) {
    TestVertx.await(f.transform(ar -> Future.succeededFuture(ar)));
    assertThat(f.failed()).as("query failed").isTrue();
    assertThat(f.cause()).isInstanceOf(DnsQueryFailed.class);
    return (DnsQueryFailed) f.cause();
  }

  @Test
  void answersOverUdpWithEdnsAndRecursionDesired() {
    Message m = TestVertx.await(ask(true, Duration.ofSeconds(2), 0));
    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    assertThat(m.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("203.0.113.10");
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    Message query = server.queries().get(0);
    assertThat(query.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(query.getOPT()).isNotNull();
    assertThat(query.getOPT().getPayloadSize()).isEqualTo(DnsClient.EDNS_PAYLOAD);
    assertThat(server.udpQueries()).isEqualTo(1);
    assertThat(server.tcpQueries()).isZero();
  }

  @Test
  void authoritativeQueriesAskWithoutRecursionAndSeeTheAaFlag() {
    server.authoritative(false);
    Message m = TestVertx.await(ask(false, Duration.ofSeconds(2), 0));
    assertThat(server.queries().get(0).getHeader().getFlag(Flags.RD)).isFalse();
    assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
  }

  @Test
  void truncatedUdpAnswerIsAskedAgainOverTcp() {
    server.truncateUdp(true);
    Message m = TestVertx.await(ask(true, Duration.ofSeconds(2), 0));
    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(server.udpQueries()).isEqualTo(1);
    assertThat(server.tcpQueries()).isEqualTo(1);
  }

  @Test
  void servfailIsATypedFailure() {
    server.servfail(true);
    DnsQueryFailed f = failure(ask(true, Duration.ofSeconds(2), 0));
    assertThat(f.kind()).isEqualTo(DnsQueryFailed.Kind.SERVFAIL);
    assertThat(f.getMessage()).isEqualTo("SERVFAIL from " + server.address());
  }

  @Test
  void nxdomainIsATypedFailureWithTheResponse() {
    server.clear();
    DnsQueryFailed f = failure(ask(true, Duration.ofSeconds(2), 0));
    assertThat(f.kind()).isEqualTo(DnsQueryFailed.Kind.NXDOMAIN);
    assertThat(f.getMessage()).isEqualTo("NXDOMAIN from " + server.address());
    assertThat(f.response()).isNotNull();
  }

  @Test
  void silentServerTimesOutAfterEveryTry() {
    server.silent(true);
    DnsQueryFailed f = failure(ask(true, Duration.ofMillis(300), 1));
    assertThat(f.kind()).isEqualTo(DnsQueryFailed.Kind.TIMEOUT);
    assertThat(f.getMessage())
        .isEqualTo("no answer from " + server.address() + " within 300 ms (2 tries)");
    assertThat(server.udpQueries()).isEqualTo(2);
  }

  @Test
  void silentServerWithoutRetriesNamesOnlyTheTimeout() {
    server.silent(true);
    DnsQueryFailed f = failure(ask(true, Duration.ofMillis(200), 0));
    assertThat(f.getMessage()).isEqualTo("no answer from " + server.address() + " within 200 ms");
  }
}
