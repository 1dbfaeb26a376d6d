package dev.lookout.check.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.checks.CheckTypes;
import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.dns.DnsClient;
import dev.lookout.testing.TestDnsServer;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/** The dns check end to end against DNS servers on loopback: probe, then evaluation. */
class DnsCheckTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  @TempDir Path dir;
  private TestDnsServer server;
  private TestDnsServer other;
  private DnsProbe probe;
  private Context context;

  @BeforeEach
  void start() {
    server = TestDnsServer.start();
    server.records("example.com", "A", "203.0.113.10");
    server.records("example.com", "MX", "10 mx1.example.com.");
    other = TestDnsServer.start();
    other.records("example.com", "A", "203.0.113.10");
    other.records("example.com", "MX", "10 mx1.example.com.");
    context = loop.vertx().getOrCreateContext();
    probe =
        new DnsProbe(
            loop.vertx(),
            new DnsClient(loop.vertx()),
            new DnsBaselineStore(loop.vertx(), dir.resolve("state")),
            server.port());
  }

  @AfterEach
  void stop() {
    server.close();
    other.close();
  }

  /** One target from the body of its entry in {@code targets:} (without the name). */
  private Target target(String body) {
    String yaml =
        "agent: {state_dir: "
            + dir.resolve("state")
            + "}\ntargets:\n  - name: dns\n    timeout: 5s\n"
            + body.stripIndent().lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n");
    try {
      Config c = new ConfigLoader(k -> null).parse("test.yaml", dir, yaml);
      return c.targets().get(0);
    } catch (dev.lookout.config.ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private <T> T onLoop(Supplier<Future<T>> action) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(p));
    return TestVertx.await(p.future());
  }

  private ProbeResult run(Target t) {
    return onLoop(() -> probe.run(t));
  }

  private List<String> findings(Target t) {
    ProbeResult r = run(t);
    return CheckTypes.judge(t, r, Quantiles.EMPTY, Instant.now()).findings().stream()
        .map(Finding::message)
        .toList();
  }

  private String resolver() {
    return server.address();
  }

  private Target expectA(String values) {
    return target(
        """
        dns: {name: example.com, resolvers: ["%s"], timeout: 500ms, retries: 0}
        expect: {A: [%s]}
        """
            .formatted(resolver(), values));
  }

  @Test
  void matchingAnswerHasNoFindings() {
    assertThat(findings(expectA("203.0.113.10"))).isEmpty();
  }

  @Test
  void missingRecordIsNamedWithTheServer() {
    assertThat(findings(expectA("203.0.113.10, 203.0.113.11")))
        .containsExactly("A example.com: missing 203.0.113.11 (from " + resolver() + ")");
  }

  @Test
  void changedRecordIsMissingAndUnexpected() {
    Target t = expectA("203.0.113.10");
    assertThat(findings(t)).isEmpty();
    server.records("example.com", "A", "198.51.100.7");
    assertThat(findings(t))
        .containsExactly(
            "A example.com: missing 203.0.113.10, unexpected 198.51.100.7 (from "
                + resolver()
                + ")");
  }

  @Test
  void sameDriftFromSeveralResolversIsOneFinding() {
    server.records("example.com", "A", "198.51.100.7");
    other.records("example.com", "A", "198.51.100.7");
    Target t =
        target(
            """
            dns: {name: example.com, resolvers: ["%s", "%s"], timeout: 500ms}
            expect: {A: [203.0.113.10]}
            """
                .formatted(server.address(), other.address()));
    assertThat(findings(t))
        .containsExactly(
            "A example.com: missing 203.0.113.10, unexpected 198.51.100.7 (from "
                + server.address()
                + ", "
                + other.address()
                + ")");
  }

  @Test
  void resolverOnIpv6LoopbackIsNamedInBrackets() {
    try (TestDnsServer v6 = TestDnsServer.start("::1", 0)) {
      v6.records("example.com", "A", "198.51.100.7");
      Target t =
          target(
              """
              dns: {name: example.com, resolvers: ["%s"]}
              expect: {A: [203.0.113.10]}
              """
                  .formatted(v6.address()));
      assertThat(findings(t))
          .containsExactly(
              "A example.com: missing 203.0.113.10, unexpected 198.51.100.7 (from [::1]:"
                  + v6.port()
                  + ")");
    }
  }

  @Test
  void caseOrderAndTrailingDotsAreNotDrift() {
    server.records("Example.COM", "MX", "20 MX2.Example.com.", "10 mx1.EXAMPLE.com.");
    server.records("example.com", "NS", "NS1.example.com.", "ns2.example.com.");
    server.records("example.com", "CAA", "0 ISSUE \"letsencrypt.org\"");
    Target t =
        target(
            """
            dns: {name: EXAMPLE.com., resolvers: ["%s"]}
            expect:
              MX: ["10 mx1.example.com", "20 mx2.example.com."]
              NS: [ns2.example.com, ns1.Example.com.]
              CAA: ['0 issue "letsencrypt.org"']
            """
                .formatted(resolver()));
    assertThat(findings(t)).isEmpty();
  }

  @Test
  void txtSplitIntoCharacterStringsIsComparedJoined() {
    String key = "v=DKIM1; k=rsa; p=" + "A".repeat(400);
    server.add(
        new TXTRecord(
            Name.fromConstantString("example.com."),
            org.xbill.DNS.DClass.IN,
            300,
            List.of(key.substring(0, 255), key.substring(255))));
    Target t =
        target(
            """
            dns: {name: example.com, resolvers: ["%s"], types: [TXT]}
            expect: {TXT: ["%s"]}
            """
                .formatted(resolver(), key));
    assertThat(findings(t)).isEmpty();
  }

  @Test
  void truncatedUdpAnswerIsCompletedOverTcp() {
    server.truncateUdp(true);
    assertThat(findings(expectA("203.0.113.10"))).isEmpty();
    assertThat(server.tcpQueries()).isPositive();
  }

  @Test
  void servfailIsReported() {
    server.servfail(true);
    assertThat(findings(expectA("203.0.113.10")))
        .containsExactly("example.com: SERVFAIL from " + resolver());
  }

  @Test
  void nxdomainIsReported() {
    server.clear();
    assertThat(findings(expectA("203.0.113.10")))
        .containsExactly("example.com: NXDOMAIN from " + resolver());
  }

  @Test
  void silentServerIsReportedWithinTheTimeout() {
    server.silent(true);
    assertThat(findings(expectA("203.0.113.10")))
        .containsExactly("example.com: no answer from " + resolver() + " within 500 ms");
  }

  @Test
  void typeDeclaredEmptyMatchesNoRecords() {
    server.clear();
    server.records("www.example.com", "A", "203.0.113.10");
    Target t =
        target(
            """
            dns: {name: www.example.com, resolvers: ["%s"]}
            expect: {A: [203.0.113.10], MX: []}
            """
                .formatted(resolver()));
    assertThat(findings(t)).isEmpty();
  }

  @Test
  void cnameWhereAnAddressWasExpectedIsSaidSo() {
    server.records("www.example.com", "CNAME", "lb.example.net.");
    server.records("lb.example.net", "A", "198.51.100.7");
    Target t =
        target(
            """
            dns: {name: www.example.com, resolvers: ["%s"]}
            expect: {A: [203.0.113.10]}
            """
                .formatted(resolver()));
    assertThat(findings(t))
        .containsExactly(
            "A www.example.com: CNAME to lb.example.net. where A records were expected; missing"
                + " 203.0.113.10, unexpected 198.51.100.7 (from "
                + resolver()
                + ")");
  }

  @Test
  void declaredCnameChainIsNotDrift() {
    server.records("www.example.com", "CNAME", "lb.example.net.");
    server.records("lb.example.net", "A", "198.51.100.7");
    Target t =
        target(
            """
            dns: {name: www.example.com, resolvers: ["%s"]}
            expect: {CNAME: [lb.example.net.], A: [198.51.100.7]}
            """
                .formatted(resolver()));
    assertThat(findings(t)).isEmpty();
  }

  @Test
  void authoritativeServersThatDisagreeAreNamed() {
    other.records("example.com", "MX", "10 mx-old.example.com.");
    Target t =
        target(
            """
            dns: {name: example.com, nameservers: ["%s", "%s"], types: [MX]}
            expect: {MX: ["10 mx1.example.com."]}
            """
                .formatted(server.address(), other.address()));
    assertThat(findings(t))
        .containsExactly(
            "MX example.com: missing 10 mx1.example.com., unexpected 10 mx-old.example.com. (from "
                + other.address()
                + ")",
            other.address()
                + " answers a different MX set than "
                + server.address()
                + ": 10 mx-old.example.com. instead of 10 mx1.example.com.");
    assertThat(server.queries()).allMatch(q -> !q.getHeader().getFlag(Flags.RD));
  }

  @Test
  void nameserversAreFoundThroughTheResolverAndAskedWithoutRecursion() {
    try (TestDnsServer resolver = TestDnsServer.start()) {
      resolver.records("example.com", "NS", "ns1.example.com.", "ns2.example.com.");
      resolver.records("ns1.example.com", "A", "127.0.0.1");
      resolver.records("ns2.example.com", "A", "127.0.0.1");
      resolver.records("example.com", "A", "192.0.2.1");
      Target t =
          target(
              """
              dns: {name: example.com, authoritative: true, resolvers: ["%s"], types: [A]}
              expect: {A: [203.0.113.10]}
              """
                  .formatted(resolver.address()));
      ProbeResult r = run(t);
      DnsObservation o = (DnsObservation) r.observation();
      assertThat(o.servers())
          .extracting(DnsObservation.ServerAnswers::server)
          .containsExactly("ns1.example.com", "ns2.example.com");
      assertThat(CheckTypes.judge(t, r, Quantiles.EMPTY, Instant.now()).findings()).isEmpty();
      assertThat(server.queries()).hasSize(2).allMatch(q -> !q.getHeader().getFlag(Flags.RD));
    }
  }

  @Test
  void nameserversOfASubdomainAreFoundThroughTheZoneSoa() {
    try (TestDnsServer resolver = TestDnsServer.start()) {
      resolver.records(
          "example.com", "SOA", "ns1.example.com. hostmaster.example.com. 1 3600 600 86400 300");
      resolver.records("example.com", "NS", "ns1.example.com.");
      resolver.records("ns1.example.com", "A", "127.0.0.1");
      resolver.records("www.example.com", "A", "192.0.2.1");
      server.records("www.example.com", "A", "203.0.113.10");
      Target t =
          target(
              """
              dns: {name: www.example.com, authoritative: true, resolvers: ["%s"], types: [A]}
              expect: {A: [203.0.113.10]}
              """
                  .formatted(resolver.address()));
      assertThat(findings(t)).isEmpty();
      assertThat(resolver.queries())
          .extracting(
              q ->
                  q.getQuestion().getName()
                      + " "
                      + org.xbill.DNS.Type.string(q.getQuestion().getType()))
          .containsExactly("www.example.com. NS", "example.com. NS", "ns1.example.com. A");
    }
  }

  @Test
  void unfindableNameserversFailTheProbeWithTheReason() {
    try (TestDnsServer resolver = TestDnsServer.start()) {
      resolver.servfail(true);
      Target t =
          target(
              """
              dns: {name: example.com, authoritative: true, resolvers: ["%s"], types: [A]}
              expect: {A: [203.0.113.10]}
              """
                  .formatted(resolver.address()));
      assertThat(findings(t))
          .containsExactly(
              "cannot find the nameservers of example.com: SERVFAIL from " + resolver.address());
    }
  }

  @Test
  void nonAuthoritativeAnswerFromANameserverIsReported() {
    other.authoritative(false);
    Target t =
        target(
            """
            dns: {name: example.com, nameservers: ["%s", "%s"], types: [A]}
            expect: {A: [203.0.113.10]}
            """
                .formatted(server.address(), other.address()));
    assertThat(findings(t))
        .containsExactly(
            other.address()
                + " answered without the AA flag: it is not authoritative for example.com");
  }

  @Test
  void ttlPolicyAppliesToAuthoritativeAnswers() {
    server.records("example.com", "A", 3600, "203.0.113.10");
    String body =
        """
        dns: {name: example.com, nameservers: ["%s"], types: [A], ttl: %s}
        expect: {A: [203.0.113.10], ttl: %s}
        """;
    assertThat(findings(target(body.formatted(server.address(), "exact", "300"))))
        .containsExactly(
            "TTL of A example.com is 3600 s, expected 300 s (from " + server.address() + ")");
    assertThat(findings(target(body.formatted(server.address(), "at_most", "1h")))).isEmpty();
    assertThat(findings(target(body.formatted(server.address(), "at_most", "5m"))))
        .containsExactly(
            "TTL of A example.com is 3600 s, expected at most 300 s (from "
                + server.address()
                + ")");
  }
}
