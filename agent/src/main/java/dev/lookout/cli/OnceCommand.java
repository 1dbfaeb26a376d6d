package dev.lookout.cli;

import dev.lookout.config.Config;
import dev.lookout.config.Durations;
import dev.lookout.evaluate.Finding;
import dev.lookout.probe.HostResolver;
import dev.lookout.runtime.OnceRunner;
import dev.lookout.runtime.Probes;
import dev.lookout.status.TargetStatus;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code lookout once}: probe every target once, print a table, exit 1 if any expectation failed.
 */
@Command(
    name = "once",
    mixinStandardHelpOptions = true,
    description =
        "Probe every target once and print a table. Exit 0 if all pass, 1 if any fails, 2 on an invalid config.")
final class OnceCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin ShardOption shard;

  @picocli.CommandLine.Option(
      names = "--samples",
      paramLabel = "N",
      description =
          "Samples per target with p95_below/p99_below, after one uncounted warm-up probe"
              + " (default: ${DEFAULT-VALUE}; at least 5 for the percentiles to be judged).")
  int samples = OnceRunner.DEFAULT_SAMPLES;

  /** Makes the probes of the run; null: the real ones. */
  private final Function<Vertx, Probes> probes;

  OnceCommand() {
    this(null);
  }

  /** With the given probes (tests: one that throws or never completes). */
  OnceCommand(Function<Vertx, Probes> probes) {
    this.probes = probes;
  }

  @Override
  public Integer call() throws Exception {
    Config c = shard.apply(config.load(System.err));
    if (c == null) {
      return ConfigOption.INVALID;
    }
    if (c.targets().isEmpty()) {
      // A gate that checks nothing must not pass: an emptied or mis-sharded config is a mistake.
      System.err.println(
          "lookout once: no targets to check"
              + (c.agent().shard() == null || c.agent().shard().count() == 1
                  ? ""
                  : " on this shard")
              + ", so the gate cannot pass; add targets to the config");
      return ConfigOption.INVALID;
    }
    Vertx vertx = Runtimes.vertx();
    try {
      OnceRunner runner =
          probes == null
              ? new OnceRunner(vertx, c, HostResolver.system(), Main.version())
              : new OnceRunner(
                  vertx, c, HostResolver.system(), Main.version(), () -> probes.apply(vertx));
      if (samples < 1) {
        System.err.println("lookout once: --samples must be at least 1");
        return ConfigOption.INVALID;
      }
      runner.samples(samples);
      List<TargetStatus> results =
          runner.run().toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
      print(results, System.out);
      return results.stream().allMatch(TargetStatus::healthy) ? 0 : 1;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  static void print(List<TargetStatus> results, PrintStream out) {
    int width = Math.max(6, results.stream().mapToInt(s -> s.name().length()).max().orElse(6));
    int types = Math.max(10, results.stream().mapToInt(s -> s.type().length()).max().orElse(10));
    String row = "%-" + width + "s  %-" + types + "s  %-6s  %9s  %s%n";
    out.printf(row, "TARGET", "TYPE", "RESULT", "LATENCY", "FINDINGS");
    for (TargetStatus s : results) {
      String latency =
          Double.isNaN(s.lastDurationSeconds())
              ? "-"
              : Durations.humanSeconds(s.lastDurationSeconds());
      String findings =
          s.findings().stream().map(Finding::message).collect(Collectors.joining("; "));
      out.printf(row, s.name(), s.type(), s.healthy() ? "ok" : "FAIL", latency, findings);
    }
    long failed = results.stream().filter(s -> !s.healthy()).count();
    out.println(
        results.size()
            + " targets, "
            + (results.size() - failed)
            + " passed, "
            + failed
            + " failed");
  }
}
