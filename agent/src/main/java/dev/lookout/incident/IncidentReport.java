package dev.lookout.incident;

import dev.lookout.config.Durations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The incident log for the weekly review ({@code lookout incidents}): Markdown a person reads, or
 * the same JSON as {@code /api/incidents}.
 */
public final class IncidentReport {
  private IncidentReport() {}

  public static String json(List<Incident> incidents, Instant now) {
    JsonArray a = new JsonArray();
    incidents.forEach(i -> a.add(IncidentJson.encode(i, now)));
    return new JsonObject().put("incidents", a).encodePrettily() + "\n";
  }

  public static String markdown(List<Incident> incidents, Instant since, Instant now) {
    StringBuilder out = new StringBuilder("# Incidents");
    out.append(since == null ? "" : " since " + at(since)).append("\n\n");
    if (incidents.isEmpty()) {
      return out.append("No incidents.\n").toString();
    }
    summary(out, incidents, now);
    for (Incident i : incidents) {
      timeline(out, i, now);
    }
    return out.toString();
  }

  /** How many, how many still open, and one table row per incident. */
  private static void summary(StringBuilder out, List<Incident> incidents, Instant now) {
    long open = incidents.stream().filter(Incident::open).count();
    out.append(incidents.size())
        .append(incidents.size() == 1 ? " incident" : " incidents")
        .append(open > 0 ? ", " + open + " still open" : "")
        .append(".\n\n| Target | Fired | Resolved | Duration | Acknowledged |\n")
        .append("|---|---|---|---|---|\n");
    for (Incident i : incidents) {
      out.append("| ")
          .append(cell(i.target()))
          .append(" | ")
          .append(at(i.firedAt()))
          .append(" | ")
          .append(i.open() ? "open" : at(i.resolvedAt()))
          .append(" | ")
          .append(Durations.human(i.duration(now)))
          .append(" | ")
          .append(i.ack() == null ? "no" : cell(Incidents.ackText(i.ack())))
          .append(" |\n");
    }
  }

  /**
   * One incident's section: its findings as they changed, the notifications, the acknowledgement,
   * the notes and the resolve, each group in the order it happened.
   */
  private static void timeline(StringBuilder out, Incident i, Instant now) {
    out.append("\n## ").append(cell(i.target())).append(" at ").append(at(i.firedAt()));
    out.append("\n\n");
    for (Incident.Change c : i.findings()) {
      out.append("- ").append(at(c.at())).append(": ");
      out.append(c.findings().isEmpty() ? "failing" : cell(String.join("; ", c.findings())));
      out.append('\n');
    }
    for (Incident.Sent s : i.notifications()) {
      out.append("- ")
          .append(at(s.at()))
          .append(": ")
          .append(s.kind())
          .append(" to ")
          .append(cell(s.notifier()))
          .append(": ")
          .append(s.result())
          .append(s.detail() == null ? "" : " (" + cell(s.detail()) + ")")
          .append('\n');
    }
    if (i.ack() != null) {
      out.append("- ").append(cell(Incidents.ackText(i.ack()))).append('\n');
    }
    for (Incident.Note n : i.notes()) {
      out.append("- note")
          .append(n.by() == null || n.by().isBlank() ? "" : " by " + cell(n.by()))
          .append(" at ")
          .append(at(n.at()))
          .append(": ")
          .append(cell(n.text()))
          .append('\n');
    }
    if (!i.open()) {
      out.append("- resolved at ")
          .append(at(i.resolvedAt()))
          .append(" after ")
          .append(Durations.human(i.duration(now)))
          .append('\n');
    }
  }

  private static String at(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** One line, no table breaks. */
  private static String cell(String s) {
    return dev.lookout.probe.Text.oneLine(s, 300).replace("|", "\\|");
  }
}
