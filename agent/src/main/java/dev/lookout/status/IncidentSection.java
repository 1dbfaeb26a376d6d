package dev.lookout.status;

import static dev.lookout.status.Html.escapeAscii;

import dev.lookout.config.Durations;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The status page's "Recent incidents": open ones first, each with its acknowledgement. */
final class IncidentSection {
  static final int SHOWN = 20;

  private IncidentSection() {}

  static void render(StringBuilder out, List<IncidentView> incidents) {
    if (incidents.isEmpty()) {
      return;
    }
    out.append("<section id=\"incidents\"><h2>Recent incidents</h2><table><thead><tr>")
        .append("<th>Target</th><th>Fired</th><th>State</th><th>Duration</th>")
        .append("<th>Acknowledged</th></tr></thead><tbody>\n");
    int shown = 0;
    for (IncidentView i : incidents) {
      if (shown++ == SHOWN) {
        break;
      }
      out.append("<tr class=\"").append(i.open() ? "firing" : "ok").append("\"><td>");
      escapeAscii(out, i.target()).append("</td><td>");
      escapeAscii(out, i.firedAt().truncatedTo(ChronoUnit.SECONDS).toString()).append("</td><td>");
      out.append(i.open() ? "open" : "resolved").append("</td><td>");
      escapeAscii(out, Durations.human(i.duration())).append("</td><td>");
      escapeAscii(out, i.acknowledged() == null ? (i.open() ? "not yet" : "—") : i.acknowledged());
      if (i.notes() > 0) {
        out.append(" (").append(i.notes()).append(i.notes() == 1 ? " note" : " notes").append(')');
      }
      out.append("</td></tr>\n");
    }
    out.append("</tbody></table></section>\n");
  }
}
