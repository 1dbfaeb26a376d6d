package dev.lookout.check.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookout.checks.CheckTypes;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Baseline mode: learn the first complete answer, report later changes, accept them. */
class DnsBaselineTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  @TempDir Path dir;
  private TestDnsServer server;
  private TestDnsServer other;
  private DnsProbe probe;
  private DnsBaselineStore store;
  private Context context;

  @BeforeEach
  void start() {
    server = zone(TestDnsServer.start());
    other = zone(TestDnsServer.start());
    context = loop.vertx().getOrCreateContext();
    store = new DnsBaselineStore(loop.vertx(), dir.resolve("state"));
    probe = new DnsProbe(loop.vertx(), new DnsClient(loop.vertx()), store);
  }

  private static TestDnsServer zone(TestDnsServer s) {
    return s.records("example.com", "A", "203.0.113.10")
        .records("example.com", "MX", "10 mx1.example.com.")
        .records("example.com", "TXT", "\"v=spf1 -all\"");
  }

  @AfterEach
  void stop() {
    server.close();
    other.close();
  }

  private Target target(String... servers) {
    String yaml =
        "agent: {state_dir: "
            + dir.resolve("state")
            + "}\ntargets:\n  - name: apex dns\n    timeout: 5s\n"
            + "    dns: {name: example.com, baseline: true, timeout: 500ms, retries: 0,"
            + " resolvers: [\""
            + String.join("\", \"", servers)
            + "\"]}\n";
    try {
      return new ConfigLoader(k -> null).parse("test.yaml", dir, yaml).targets().get(0);
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
    return findings(t, run(t));
  }

  private static List<String> findings(Target t, ProbeResult r) {
    return CheckTypes.judge(t, r, Quantiles.EMPTY, Instant.now()).findings().stream()
        .map(Finding::message)
        .toList();
  }

  @Test
  void firstCompleteAnswerIsLearnedThenAChangeIsDriftUntilAccepted() throws IOException {
    Target t = target(server.address());
    ProbeResult first = run(t);
    assertThat(findings(t, first)).isEmpty();
    DnsObservation o = (DnsObservation) first.observation();
    assertThat(o.learnedTypes()).containsExactly("A", "AAAA", "CNAME", "MX", "TXT", "NS", "CAA");
    DnsBaseline stored = DnsBaselineStore.read(store.file("apex dns"));
    assertThat(stored.records())
        .containsEntry("A", List.of("203.0.113.10"))
        .containsEntry("MX", List.of("10 mx1.example.com."))
        .containsEntry("TXT", List.of("v=spf1 -all"))
        .containsEntry("AAAA", List.of());

    assertThat(findings(t)).isEmpty();
    server.records("example.com", "A", "198.51.100.7");
    server.records("example.com", "AAAA", "2001:DB8:0:0::1");
    assertThat(findings(t))
        .containsExactly(
            "A example.com: missing 203.0.113.10, unexpected 198.51.100.7 (from "
                + server.address()
                + ")",
            "AAAA example.com: unexpected 2001:db8::1 (from " + server.address() + ")");
    assertThat(findings(t)).as("still drift on the next probe").hasSize(2);

    DnsProbe.Acceptance accepted = onLoop(() -> probe.accept(t));
    assertThat(accepted.previous().records()).containsEntry("A", List.of("203.0.113.10"));
    assertThat(accepted.accepted().records()).containsEntry("A", List.of("198.51.100.7"));
    assertThat(findings(t)).isEmpty();
  }

  @Test
  void nothingIsLearnedWhileAServerFails() throws IOException {
    Target t = target(server.address());
    server.servfail(true);
    assertThat(findings(t)).containsExactly("example.com: SERVFAIL from " + server.address());
    assertThat(DnsBaselineStore.read(store.file("apex dns"))).isNull();
    server.servfail(false);
    assertThat(findings(t)).isEmpty();
    assertThat(DnsBaselineStore.read(store.file("apex dns"))).isNotNull();
  }

  @Test
  void disagreeingServersAreNotLearnedAndCannotBeAccepted() throws IOException {
    other.records("example.com", "A", "198.51.100.7");
    Target t = target(server.address(), other.address());
    ProbeResult r = run(t);
    assertThat(findings(t, r))
        .containsExactly(
            other.address()
                + " answers a different A set than "
                + server.address()
                + ": 198.51.100.7 instead of 203.0.113.10");
    DnsBaseline stored = DnsBaselineStore.read(store.file("apex dns"));
    assertThat(stored.records()).doesNotContainKey("A").containsKey("MX");
    assertThatThrownBy(() -> onLoop(() -> probe.accept(t)))
        .hasMessageContaining(
            "no complete, agreeing answer for A example.com: the servers answer differently");
  }

  @Test
  void baselineIsWrittenAtomicallyWithoutLeftovers() throws IOException {
    Target t = target(server.address());
    run(t);
    server.records("example.com", "A", "198.51.100.7");
    onLoop(() -> probe.accept(t));
    try (Stream<Path> files = Files.list(store.file("apex dns").getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("apex+dns.json");
    }
  }

  @Test
  void unreadableBaselineFailsTheProbeWithAWayOut() throws IOException {
    Files.createDirectories(store.file("apex dns").getParent());
    Files.writeString(store.file("apex dns"), "{not json");
    ProbeResult r = run(target(server.address()));
    assertThat(r.answered()).isFalse();
    assertThat(r.failure())
        .startsWith("the DNS baseline " + store.file("apex dns") + " is unreadable")
        .endsWith("delete it to learn a new one, or run lookout dns-accept");
  }

  @Test
  void declaredTargetsCannotAccept() {
    Target t;
    try {
      t =
          new ConfigLoader(k -> null)
              .parse(
                  "test.yaml",
                  dir,
                  "targets:\n  - name: d\n    dns: {name: example.com, resolvers: [\""
                      + server.address()
                      + "\"]}\n    expect: {A: [203.0.113.10]}\n")
              .targets()
              .get(0);
    } catch (dev.lookout.config.ConfigException e) {
      throw new AssertionError(e);
    }
    assertThatThrownBy(() -> onLoop(() -> probe.accept(t)))
        .hasMessageContaining("only baseline: true targets can accept");
  }
}
