package dev.lookout.cli;

import dev.lookout.config.Config;
import dev.lookout.incident.Incident;
import dev.lookout.incident.IncidentApi;
import dev.lookout.incident.IncidentLog;
import dev.lookout.incident.IncidentReport;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lookout incidents}: the incident log from the config's state directory, for the weekly
 * review. Reads the files; needs no running agent.
 */
@Command(
    name = "incidents",
    mixinStandardHelpOptions = true,
    description =
        "Print the incident log kept in the state directory (target, start, acknowledgement,"
            + " resolve, findings, notifications, notes). Needs no running agent.")
final class IncidentsCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(
      names = "--since",
      description = "Only incidents since then: a duration (7d, 24h) or a timestamp.")
  String since;

  @Option(
      names = "--format",
      defaultValue = "md",
      description = "md (Markdown, the default) or json.")
  String format;

  @Override
  public Integer call() {
    Config c = config.load(System.err);
    if (c == null) {
      return ConfigOption.INVALID;
    }
    if (!format.equals("md") && !format.equals("json")) {
      System.err.println("--format: \"" + format + "\" is not md or json");
      return ConfigOption.INVALID;
    }
    Instant now = Instant.now();
    Instant from;
    try {
      from = IncidentApi.since(since, now);
    } catch (IllegalArgumentException e) {
      System.err.println("--" + e.getMessage());
      return ConfigOption.INVALID;
    }
    List<Incident> all;
    try {
      all = IncidentLog.read(c.agent().stateDir());
    } catch (IOException e) {
      System.err.println(
          "cannot read the incident log in "
              + c.agent().stateDir()
              + " ("
              + e.getClass().getSimpleName()
              + "): check agent.state_dir and that this user may read it");
      return 1;
    }
    List<Incident> shown =
        all.stream().filter(i -> from == null || !i.firedAt().isBefore(from) || i.open()).toList();
    System.out.print(
        format.equals("json")
            ? IncidentReport.json(shown, now)
            : IncidentReport.markdown(shown, from, now));
    return 0;
  }
}
