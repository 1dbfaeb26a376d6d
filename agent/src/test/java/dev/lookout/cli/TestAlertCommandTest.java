package dev.lookout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.alert.Receiver;
import dev.lookout.testing.TestVertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lookout test-alert} against a loopback webhook receiver. */
class TestAlertCommandTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new TestAlertCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  Path config(Receiver r) throws Exception {
    Path file = dir.resolve("lookout.yaml");
    Files.writeString(
        file,
        "notifiers:\n"
            + "  hook: {type: webhook, url: \""
            + r.url("/secret-path")
            + "\", timeout: 2s}\n"
            + "targets:\n"
            + "  - name: homepage\n"
            + "    http: {url: \"http://127.0.0.1:1/\"}\n");
    return file;
  }

  @Test
  void reportsSuccessAndTheReceiverSeesAMarkedTest() throws Exception {
    Receiver r = new Receiver(loop.vertx());
    try {
      Run run = run("-c", config(r).toString(), "hook");
      assertThat(run.exit()).isZero();
      assertThat(run.out()).startsWith("sent a test notification to \"hook\" (webhook), id ");
      assertThat(r.delivered()).hasSize(1);
      assertThat(r.delivered().get(0).json().getBoolean("test")).isTrue();
    } finally {
      r.close();
    }
  }

  @Test
  void reportsTheExactFailureWithoutTheUrl() throws Exception {
    Receiver r = new Receiver(loop.vertx(), "500");
    try {
      Run run = run("-c", config(r).toString(), "hook");
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err().strip())
          .isEqualTo("test notification failed: webhook notifier \"hook\": 500 from 127.0.0.1")
          .doesNotContain("secret-path");
    } finally {
      r.close();
    }
  }

  @Test
  void anUnknownNotifierIsAConfigError() throws Exception {
    Receiver r = new Receiver(loop.vertx());
    try {
      Run run = run("-c", config(r).toString(), "slack");
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err()).contains("no notifier named \"slack\"", "(configured: hook)");
    } finally {
      r.close();
    }
  }
}
