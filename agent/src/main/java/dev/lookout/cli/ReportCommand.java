package dev.lookout.cli;

import dev.lookout.config.Config;
import dev.lookout.probe.HostResolver;
import dev.lookout.report.AgentSource;
import dev.lookout.report.HtmlReport;
import dev.lookout.report.JsonReport;
import dev.lookout.report.MarkdownReport;
import dev.lookout.report.Report;
import dev.lookout.report.ReportBuilder;
import dev.lookout.report.ReportInput;
import dev.lookout.report.TargetResult;
import dev.lookout.runtime.OnceRunner;
import dev.lookout.status.TargetStatus;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lookout report}: the launch-readiness report. Without {@code --from} every check runs once
 * (as {@code lookout once} does); with it, a running agent's results and history are read. Exit 0
 * ready, 1 not ready (a blocker, or the agent could not be read), 2 invalid config.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Write the launch-readiness report (verdict, ranked risks, DNS map, mail, certificates,"
            + " performance, uptime, handover). Exit 0 ready, 1 not ready, 2 on an invalid config.")
final class ReportCommand implements Callable<Integer> {
  /** The output formats. */
  enum Format {
    html,
    md,
    json
  }

  @Mixin ConfigOption config;

  @Option(
      names = "--from",
      paramLabel = "URL",
      description = "Read a running agent (http://agent:9464) instead of running every check once.")
  URI from;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "html, md or json (default: by the -o file's extension, else md).")
  Format format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report here (default: standard output).")
  Path output;

  /** The clock of the report's time and certificate days (tests: a fixed one). */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    Config c = config.load(System.err);
    if (c == null) {
      return ConfigOption.INVALID;
    }
    if (from != null && !"http".equals(from.getScheme()) && !"https".equals(from.getScheme())) {
      System.err.println(
          "lookout report: --from \"" + from + "\" is not an http:// URL (like http://agent:9464)");
      return ConfigOption.INVALID;
    }
    if (from == null && c.targets().isEmpty()) {
      System.err.println("lookout report: no targets to check; add targets to the config");
      return ConfigOption.INVALID;
    }
    ReportInput input;
    if (from == null) {
      input = ReportInput.oneRun(runOnce(c).stream().map(TargetResult::of).toList());
    } else {
      try {
        input = new AgentSource(from, c.agent().auth()).read();
      } catch (AgentSource.Unreadable e) {
        System.err.println("lookout report: " + e.getMessage());
        return 1;
      }
    }
    Report report = ReportBuilder.build(c, input, clock, Main.version());
    String text =
        switch (format()) {
          case html -> HtmlReport.render(report);
          case md -> MarkdownReport.render(report);
          case json -> JsonReport.render(report);
        };
    if (output == null) {
      System.out.print(text);
    } else {
      try {
        Files.writeString(output, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        String why =
            e instanceof java.nio.file.NoSuchFileException
                ? "its directory does not exist"
                : e instanceof java.nio.file.AccessDeniedException
                    ? "permission denied"
                    : "the write failed";
        System.err.println("lookout report: cannot write " + output + ": " + why);
        return 1;
      }
      System.err.println(output + ": " + report.verdict().line());
    }
    return report.verdict().ready() ? 0 : 1;
  }

  private Format format() {
    if (format != null) {
      return format;
    }
    String name = output == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".html") || name.endsWith(".htm")) {
      return Format.html;
    }
    return name.endsWith(".json") ? Format.json : Format.md;
  }

  /** Every check once, on a Vert.x of its own; this thread only waits for the result. */
  private static List<TargetStatus> runOnce(Config c) throws Exception {
    Vertx vertx = Runtimes.vertx();
    try {
      return new OnceRunner(vertx, c, HostResolver.system(), Main.version())
          .run()
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.MINUTES);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
