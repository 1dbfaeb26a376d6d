package dev.lookout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.dns.DnsBaseline;
import dev.lookout.check.dns.DnsBaselineStore;
import dev.lookout.testing.TestDnsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AcceptDnsCommandTest {
  @TempDir Path dir;
  private TestDnsServer server;
  private Path config;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() throws IOException {
    server =
        TestDnsServer.start()
            .records("example.com", "A", "203.0.113.10")
            .records("example.com", "MX", "10 mx1.example.com.");
    config = dir.resolve("lookout.yaml");
    Files.writeString(
        config,
        "agent: {state_dir: "
            + dir.resolve("state")
            + "}\ntargets:\n"
            + "  - name: apex\n"
            + "    dns: {name: example.com, baseline: true, types: [A, MX], timeout: 500ms,"
            + " retries: 0, resolvers: [\""
            + server.address()
            + "\"]}\n"
            + "  - name: declared\n"
            + "    dns: {name: example.com, resolvers: [\""
            + server.address()
            + "\"]}\n"
            + "    expect: {A: [203.0.113.10]}\n");
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = new CommandLine(new AcceptDnsCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private DnsBaseline stored() throws IOException {
    return DnsBaselineStore.read(dir.resolve("state/dns-baselines/apex.json"));
  }

  @Test
  void acceptsTheCurrentAnswersAndSaysWhatChanged() throws IOException {
    assertThat(run("-c", config.toString(), "apex")).isZero();
    assertThat(out.toString())
        .contains("accepted the answers for example.com as the baseline of target \"apex\"")
        .contains("  A: 203.0.113.10 (new)")
        .contains("  MX: 10 mx1.example.com. (new)");

    server.records("example.com", "A", "198.51.100.7");
    assertThat(run("-c", config.toString(), "apex")).isZero();
    assertThat(out.toString())
        .contains("  A: now 198.51.100.7 (was 203.0.113.10)")
        .contains("  1 type unchanged");
    assertThat(stored().records()).containsEntry("A", List.of("198.51.100.7"));
  }

  @Test
  void refusesWhileAServerFails() throws IOException {
    server.servfail(true);
    assertThat(run("-c", config.toString(), "apex")).isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "not accepted: no complete, agreeing answer for A, MX example.com: SERVFAIL from "
                + server.address());
    assertThat(stored()).isNull();
  }

  @Test
  void explainsWrongTargets() {
    assertThat(run("-c", config.toString(), "apx")).isEqualTo(2);
    assertThat(err.toString())
        .contains("no target named \"apx\"")
        .contains("did you mean \"apex\"?");
    assertThat(run("-c", config.toString(), "declared")).isEqualTo(2);
    assertThat(err.toString()).contains("is not a dns target with baseline: true");
  }
}
