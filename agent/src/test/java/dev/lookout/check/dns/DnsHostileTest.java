package dev.lookout.check.dns;

import static dev.lookout.testing.HostileDnsServer.answer;
import static dev.lookout.testing.HostileDnsServer.concat;
import static dev.lookout.testing.HostileDnsServer.framed;
import static dev.lookout.testing.HostileDnsServer.garbage;
import static dev.lookout.testing.HostileDnsServer.pointerLoop;
import static dev.lookout.testing.HostileDnsServer.withId;
import static dev.lookout.testing.HostileDnsServer.wrongId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.checks.CheckTypes;
import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.dns.DnsClient;
import dev.lookout.testing.HostileDnsServer;
import dev.lookout.testing.HostileDnsServer.Datagram;
import dev.lookout.testing.HostileDnsServer.TcpReply;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * The hostile corpus for the dns check (issue 14 §6): a real UDP/TCP server on loopback that sends
 * spoofed, garbled, looping or cut answers. Each case runs the probe once with a 500 ms timeout and
 * asserts what a person reads: no finding when the real answer got through the noise; otherwise one
 * finding in plain words naming the resolver, within the timeout (plus grace), with no Java text.
 *
 * <p>Each case is one row: name, the UDP script, the TCP script, and the expected finding ({@code
 * %s} stands for the server's address; null means "the probe succeeds").
 */
class DnsHostileTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final Duration GRACE = Duration.ofSeconds(3);

  @TempDir Path dir;
  private HostileDnsServer server;
  private DnsProbe probe;

  @BeforeEach
  void start() throws Exception {
    server = new HostileDnsServer();
    probe = new DnsProbe(loop.vertx(), new DnsClient(loop.vertx()), null);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Datagram real(byte[] wire) {
    return new Datagram(wire, false);
  }

  private static byte[] right(Message q) {
    return answer(q, false).toWire();
  }

  private static byte[] truncated(Message q) {
    return answer(q, true).toWire();
  }

  private static byte[] otherQuestion(Message q) {
    Message other =
        Message.newQuery(
            org.xbill.DNS.Record.newRecord(
                Name.fromConstantString("other.example."), q.getQuestion().getType(), 1));
    other.getHeader().setID(q.getHeader().getID());
    return answer(other, false).toWire();
  }

  private static Function<Message, List<Datagram>> udp(Function<Message, List<Datagram>> script) {
    return script;
  }

  private static final Function<Message, TcpReply> NO_TCP = q -> new TcpReply(new byte[0], true);

  /** Over UDP only the truncated answer, so the rest happens over TCP. */
  private static final Function<Message, List<Datagram>> TRUNCATE =
      q -> List.of(real(truncated(q)));

  static Stream<Arguments> corpus() {
    return Stream.of(
        // --- the real answer follows noise: the probe succeeds (RFC 5452 §9.1) ---
        Arguments.of(
            "wrong ID, then the answer",
            udp(q -> List.of(real(withId(right(q), wrongId(q))), real(right(q)))),
            NO_TCP,
            null),
        Arguments.of(
            "an answer from another source port, then the answer",
            udp(q -> List.of(new Datagram(right(q), true), real(right(q)))),
            NO_TCP,
            null),
        Arguments.of(
            "an answer to another question, then the answer",
            udp(q -> List.of(real(otherQuestion(q)), real(right(q)))),
            NO_TCP,
            null),
        Arguments.of(
            "garbage with the right ID, then the answer",
            udp(q -> List.of(real(garbage(q)), real(right(q)))),
            NO_TCP,
            null),
        Arguments.of(
            "a pointer loop, then the answer",
            udp(q -> List.of(real(pointerLoop(q)), real(right(q)))),
            NO_TCP,
            null),
        Arguments.of(
            "a truncated answer, then over TCP a wrong ID and the answer",
            TRUNCATE,
            (Function<Message, TcpReply>)
                q ->
                    new TcpReply(
                        concat(framed(withId(right(q), wrongId(q))), framed(right(q))), false),
            null),
        // --- only noise: a timeout that says what was ignored ---
        Arguments.of(
            "only wrong IDs",
            udp(
                q ->
                    List.of(
                        real(withId(right(q), wrongId(q))),
                        real(withId(right(q), wrongId(q) + 1)),
                        real(withId(right(q), wrongId(q) + 2)))),
            NO_TCP,
            "example.com: no usable answer from %s within 500 ms; ignored 3 answers with the wrong"
                + " message ID"),
        Arguments.of(
            "only answers from another source port",
            udp(q -> List.of(new Datagram(right(q), true))),
            NO_TCP,
            "example.com: no usable answer from %s within 500 ms; ignored 1 answer from another"
                + " address or port"),
        Arguments.of(
            "only garbage",
            udp(q -> List.of(real(garbage(q)), real(new byte[] {1, 2, 3}))),
            NO_TCP,
            "example.com: no usable answer from %s within 500 ms; ignored 2 answers that are not"
                + " DNS"),
        Arguments.of(
            "only a pointer loop",
            udp(q -> List.of(real(pointerLoop(q)))),
            NO_TCP,
            "example.com: no usable answer from %s within 500 ms; ignored 1 answer that is not"
                + " DNS"),
        Arguments.of(
            "only an answer to another question",
            udp(q -> List.of(real(otherQuestion(q)))),
            NO_TCP,
            "example.com: no usable answer from %s within 500 ms; ignored 1 answer to another"
                + " question"),
        // --- DNS over TCP that goes wrong: fails at once, in words ---
        Arguments.of(
            "TCP garbage",
            TRUNCATE,
            (Function<Message, TcpReply>) q -> new TcpReply(framed(garbage(q)), false),
            "example.com: the resolver %s sent an answer over TCP that is not DNS"),
        Arguments.of(
            "a TCP pointer loop",
            TRUNCATE,
            (Function<Message, TcpReply>) q -> new TcpReply(framed(pointerLoop(q)), false),
            "example.com: the resolver %s sent an answer over TCP that is not DNS"),
        Arguments.of(
            "a TCP answer cut short",
            TRUNCATE,
            (Function<Message, TcpReply>)
                q -> new TcpReply(concat(new byte[] {1, 0}, right(q)), true),
            "example.com: the resolver %s closed the TCP connection mid-answer"),
        Arguments.of(
            "a TCP connection closed without an answer",
            TRUNCATE,
            NO_TCP,
            "example.com: the resolver %s closed the TCP connection without answering"),
        Arguments.of(
            "only a wrong ID over TCP",
            TRUNCATE,
            (Function<Message, TcpReply>)
                q -> new TcpReply(framed(withId(right(q), wrongId(q))), false),
            "example.com: no usable answer from %s within 500 ms; ignored 1 answer with the wrong"
                + " message ID"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void hostileAnswersGiveAHumanReasonWithinTheTimeout(
      String name,
      Function<Message, List<Datagram>> udp,
      Function<Message, TcpReply> tcp,
      String expected) {
    server.udp(udp).tcp(tcp);
    Target t = target();
    long t0 = System.nanoTime();
    ProbeResult r = run(t);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    List<String> findings =
        CheckTypes.judge(t, r, Quantiles.EMPTY, Instant.now()).findings().stream()
            .map(Finding::message)
            .toList();
    if (expected == null) {
      assertThat(findings).as(name).isEmpty();
    } else {
      assertThat(findings).as(name).containsExactly(expected.formatted(server.address()));
      assertThat(findings.get(0)).doesNotContainPattern("(?i)exception|java\\.|invalid message id");
    }
    assertThat(took).as("within the timeout").isLessThan(TIMEOUT.plus(GRACE));
  }

  private Target target() {
    String yaml =
        """
        targets:
          - name: dns
            timeout: 5s
            dns: {name: example.com, resolvers: ["%s"], timeout: 500ms, retries: 0}
            expect: {A: [127.0.0.1]}
        """
            .formatted(server.address());
    try {
      Config c = new ConfigLoader(k -> null).parse("test.yaml", dir, yaml);
      return c.targets().get(0);
    } catch (dev.lookout.config.ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private ProbeResult run(Target t) {
    Promise<ProbeResult> p = Promise.promise();
    loop.vertx().getOrCreateContext().runOnContext(v -> probe.run(t).onComplete(p));
    return TestVertx.await(p.future());
  }
}
