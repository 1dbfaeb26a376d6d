package dev.lookout.report;

import java.util.List;
import java.util.Map;

/**
 * What a report is built from: the judged results, and what only a running agent knows.
 *
 * @param source where the results came from, for the report's header
 * @param uptime per target, the uptime ratio by window ({@code 24h}, {@code 7d}, {@code 30d});
 *     empty without history
 * @param incidents the agent's incident log; null when it serves none (the section is left out)
 * @param links links the source adds to the handover (the agent's status page, its metrics)
 */
public record ReportInput(
    String source,
    List<TargetResult> results,
    Map<String, Map<String, Double>> uptime,
    List<Report.Incident> incidents,
    List<Report.HandoverSection.Link> links) {

  public ReportInput {
    results = List.copyOf(results);
    uptime = Map.copyOf(uptime);
    incidents = incidents == null ? null : List.copyOf(incidents);
    links = List.copyOf(links);
  }

  /** The results of one run of every check: no history, no incidents, no agent links. */
  public static ReportInput oneRun(List<TargetResult> results) {
    return new ReportInput("one run of every check", results, Map.of(), null, List.of());
  }
}
