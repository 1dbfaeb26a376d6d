package dev.lookout.cli;

import dev.lookout.check.dns.DnsBaseline;
import dev.lookout.check.dns.DnsBaselineStore;
import dev.lookout.check.dns.DnsCheck;
import dev.lookout.check.dns.DnsProbe;
import dev.lookout.config.Config;
import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Suggest;
import dev.lookout.config.Target;
import dev.lookout.probe.dns.DnsClient;
import dev.lookout.probe.dns.DnsValues;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lookout dns-accept -c FILE TARGET}: the operator's word that a DNS change seen by a
 * baseline-mode target is intended. Asks the target's servers now and stores their answers as the
 * new baseline; a running agent picks it up on its next probe (it reads the baseline afresh every
 * time), so no restart or reload is needed. Refuses while servers fail or disagree, so a
 * half-propagated change is never enshrined.
 *
 * <p>Exit codes: 0 accepted, 1 the servers gave no complete, agreeing answer, 2 bad config or
 * target.
 */
@Command(
    name = "dns-accept",
    mixinStandardHelpOptions = true,
    description = {
      "Accept the current DNS answers of a baseline-mode dns target as its new baseline.",
      "Run it after an intended DNS change; the running agent uses the new baseline on its next"
          + " probe."
    })
public final class AcceptDnsCommand implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Config file (default: ./lookout.yaml, then /etc/lookout/lookout.yaml)")
  Path config;

  @Parameters(paramLabel = "TARGET", description = "Name of the dns target (with baseline: true)")
  String target;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path file = configFile();
    Config c;
    try {
      c = ConfigLoader.withSystemEnvironment().load(file);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    }
    Target t = find(c, err);
    if (t == null) {
      return 2;
    }
    Vertx vertx = Runtimes.vertx();
    try {
      DnsBaselineStore store = new DnsBaselineStore(vertx, c.agent().stateDir());
      DnsProbe probe = new DnsProbe(vertx, new DnsClient(vertx), store);
      DnsProbe.Acceptance a =
          probe
              .accept(t)
              .toCompletionStage()
              .toCompletableFuture()
              .get(t.timeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
      out.println(
          "accepted the answers for "
              + a.accepted().name()
              + " as the baseline of target \""
              + t.name()
              + "\" ("
              + store.file(t.name())
              + ")");
      changes(a.previous(), a.accepted()).forEach(line -> out.println("  " + line));
      return 0;
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      err.println("not accepted: " + cause.getMessage());
      return 1;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private Path configFile() {
    if (config != null) {
      return config;
    }
    Path local = Path.of("lookout.yaml");
    return Files.exists(local) ? local : Path.of("/etc/lookout/lookout.yaml");
  }

  private Target find(Config c, PrintWriter err) {
    List<String> names = new ArrayList<>();
    for (Target t : c.targets()) {
      names.add(t.name());
      if (!t.name().equals(target)) {
        continue;
      }
      if (!(t.check() instanceof DnsCheck dns) || !dns.baseline()) {
        err.println(
            "target \""
                + target
                + "\" is not a dns target with baseline: true; nothing to accept (declared records"
                + " change in the config itself)");
        return null;
      }
      return t;
    }
    String hint = Suggest.nearest(target, names);
    err.println(
        "no target named \""
            + target
            + "\" in "
            + c.source()
            + (hint == null ? "" : " (did you mean \"" + hint + "\"?)"));
    return null;
  }

  /** What changed, one line per type: {@code A: now 198.51.100.7 (was 203.0.113.10)}. */
  static List<String> changes(DnsBaseline previous, DnsBaseline accepted) {
    List<String> lines = new ArrayList<>();
    int unchanged = 0;
    for (String type : accepted.types()) {
      List<String> now = accepted.records().get(type);
      List<String> was =
          previous == null || !previous.name().equals(accepted.name())
              ? null
              : previous.records().get(type);
      if (was == null) {
        lines.add(type + ": " + show(type, now) + " (new)");
      } else if (!was.equals(now)) {
        lines.add(type + ": now " + show(type, now) + " (was " + show(type, was) + ")");
      } else {
        unchanged++;
      }
    }
    if (unchanged > 0) {
      lines.add(unchanged + (unchanged == 1 ? " type" : " types") + " unchanged");
    }
    return lines;
  }

  private static String show(String type, List<String> values) {
    if (values.isEmpty()) {
      return "nothing";
    }
    List<String> shown = new ArrayList<>();
    values.forEach(v -> shown.add(DnsValues.display(type, v)));
    return String.join(", ", shown);
  }
}
