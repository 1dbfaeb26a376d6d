package dev.lookout.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.HostPort;
import dev.lookout.testing.HostileDnsServer;
import dev.lookout.testing.TestDnsServer;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/** Host name lookups fail with reasons that name the resolver asked. */
class HostResolverTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  private TestDnsServer dns;
  private HostResolver resolver;

  @BeforeEach
  void start() {
    dns = TestDnsServer.start();
    resolver = HostResolver.using(new SimpleResolver(dns.socketAddress()));
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  private String failure(Future<List<InetAddress>> f) {
    TestVertx.await(f.transform(ar -> Future.succeededFuture(ar)));
    assertThat(f.failed()).isTrue();
    return f.cause().getMessage();
  }

  @Test
  void silentResolverIsNamed() {
    dns.silent(true);
    String reason =
        failure(
            resolver.resolve(
                loop.vertx().getOrCreateContext(),
                "shop.example",
                true,
                false,
                Duration.ofMillis(300)));
    assertThat(reason)
        .isEqualTo(
            "DNS lookup of shop.example got no answer from the resolver "
                + dns.address()
                + " within 300 ms");
  }

  @Test
  void servfailNamesTheResolver() {
    dns.servfail(true);
    String reason =
        failure(
            resolver.resolveAll(
                loop.vertx().getOrCreateContext(), "shop.example", Duration.ofSeconds(2)));
    assertThat(reason)
        .isEqualTo(
            "DNS lookup of shop.example failed: SERVFAIL from the resolver " + dns.address());
  }

  @Test
  void anAnswerWithTheWrongMessageIdIsIgnoredAndTheRealOneUsed() throws Exception {
    try (HostileDnsServer hostile = new HostileDnsServer()) {
      hostile.udp(
          q -> {
            byte[] wrong;
            try {
              wrong = HostileDnsServer.withId(spoofed(q).toWire(), HostileDnsServer.wrongId(q));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            return List.of(
                new HostileDnsServer.Datagram(wrong, false),
                new HostileDnsServer.Datagram(HostileDnsServer.answer(q, false).toWire(), false));
          });
      HostResolver r = HostResolver.asking(List.of(HostPort.parse(hostile.address(), 53)));
      Future<List<InetAddress>> f =
          r.resolve(
              loop.vertx().getOrCreateContext(),
              "shop.example",
              true,
              false,
              Duration.ofSeconds(2));
      TestVertx.await(f.transform(ar -> Future.succeededFuture(ar)));
      assertThat(f.cause()).isNull();
      assertThat(f.result()).containsExactly(InetAddress.getLoopbackAddress());
    }
  }

  /** An answer for the query's name pointing somewhere else: 203.0.113.66. */
  private static Message spoofed(Message q) throws Exception {
    Message m = new Message(q.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.addRecord(q.getQuestion(), Section.QUESTION);
    m.addRecord(
        new ARecord(
            q.getQuestion().getName(), DClass.IN, 60, InetAddress.getByName("203.0.113.66")),
        Section.ANSWER);
    return m;
  }
}
