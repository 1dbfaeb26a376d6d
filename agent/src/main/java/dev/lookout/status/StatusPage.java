package dev.lookout.status;

import static dev.lookout.status.Html.escapeAscii;

import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyTrail;
import dev.lookout.status.StatusView.AgentInfo;
import dev.lookout.status.StatusView.Summary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the status page at {@code /}: plain HTML with one row per target, readable before (and
 * without) any script. {@code status.js} then filters the rows and refreshes them from {@code
 * /api/status}; {@code status.css} lays them out, as cards on a phone. One pass, written out a
 * chunk at a time, so a page of 5,000 targets takes milliseconds and little memory.
 */
public final class StatusPage {
  /** Width and height of a sparkline in SVG user units. */
  static final int SPARK_W = 80;

  static final int SPARK_H = 18;

  private StatusPage() {}

  /**
   * @param filter the initial filter ({@code ?filter=}), applied by the script at load; may be null
   * @param assets a token that changes with the agent's version, so browsers refetch CSS and JS
   */
  public static String render(
      List<TargetStatus> statuses, AgentInfo agent, String filter, Instant now, String assets) {
    return render(statuses, agent, filter, now, assets, List.of());
  }

  /** The page with its "Recent incidents" section (newest first, open ones included). */
  public static String render(
      List<TargetStatus> statuses,
      AgentInfo agent,
      String filter,
      Instant now,
      String assets,
      List<IncidentView> incidents) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048 + statuses.size() * 900);
    try {
      write(statuses, agent, filter, now, assets, incidents, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * Writes the page to {@code sink} as UTF-8, a few KiB at a time, so a page of thousands of rows
   * is never held whole. Blocking when {@code sink} is.
   */
  public static void write(
      List<TargetStatus> statuses,
      AgentInfo agent,
      String filter,
      Instant now,
      String assets,
      List<IncidentView> incidents,
      OutputStream sink)
      throws IOException {
    StatusBoard.listed(statuses).writePage(agent, filter, now, assets, incidents, sink);
  }

  /** Everything above the first row: the head, the summary, the filter, the table's opening. */
  static void top(
      StringBuilder out, Summary summary, AgentInfo agent, String filter, String assets) {
    head(out, assets);
    summary(out, summary, agent);
    out.append("<div class=\"tools\"><label for=\"filter\">Filter</label>")
        .append("<input id=\"filter\" type=\"search\" autocomplete=\"off\"")
        .append(" placeholder=\"name, type or state, e.g. firing\" value=\"");
    escapeAscii(out, filter == null ? "" : filter).append("\">");
    out.append("<span id=\"shown\" aria-live=\"polite\"></span>")
        .append("<span id=\"refreshed\"></span></div>\n");
    if (summary.total() == 0) {
      out.append("<p class=\"empty\">No targets yet: add some under <code>targets:</code> in")
          .append(" the config file.</p>\n");
    }
    out.append("<table id=\"targets\"><thead><tr><th>Target</th><th>Type</th><th>State</th>")
        .append("<th>Findings</th><th>Latency p50 / p95 / p99</th>")
        .append("<th>Uptime 24 h / 7 d / 30 d</th><th>Details</th></tr></thead>")
        .append("<tbody>\n");
  }

  /** Everything below the last row: the table's end, the incidents, the document's end. */
  static void bottom(StringBuilder out, List<IncidentView> incidents) {
    out.append("</tbody></table>\n");
    IncidentSection.render(out, incidents);
    out.append("</main>\n</body>\n</html>\n");
  }

  private static void head(StringBuilder out, String assets) {
    out.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Lookout status</title>\n")
        .append("<link rel=\"stylesheet\" href=\"status/status.css?v=");
    escapeAscii(out, assets).append("\">\n<script src=\"status/status.js?v=");
    escapeAscii(out, assets).append("\" defer></script>\n</head>\n<body>\n<main>\n");
  }

  private static void summary(StringBuilder out, Summary s, AgentInfo agent) {
    out.append("<header><h1>Lookout</h1><p id=\"summary\" class=\"summary\">");
    summaryText(out, s);
    out.append("</p><p class=\"agent\">");
    for (Map.Entry<String, String> e : agent.labels().entrySet()) {
      out.append("<span class=\"label\">");
      escapeAscii(out, e.getKey()).append('=');
      escapeAscii(out, e.getValue()).append("</span> ");
    }
    out.append("<span class=\"label\">shard ");
    escapeAscii(out, agent.shard()).append("</span> <span class=\"label\">version ");
    escapeAscii(out, agent.version()).append("</span>");
    if (!agent.ready() && agent.notReady().isEmpty()) {
      out.append(" <span class=\"label\">starting</span>");
    }
    out.append("</p>");
    notReady(out, agent);
    out.append("</header>\n");
  }

  /**
   * One line per reason the agent is not ready, above everything else: an overloaded agent probes
   * late, so every row below may be older than it looks. The script refreshes the lines.
   */
  static void notReady(StringBuilder out, AgentInfo agent) {
    out.append("<div id=\"not-ready\" role=\"status\">");
    for (Map.Entry<String, String> e : agent.notReady().entrySet()) {
      out.append("<p class=\"not-ready\"><b>");
      escapeAscii(out, e.getKey()).append("</b>: ");
      escapeAscii(out, e.getValue()).append("</p>");
    }
    out.append("</div>");
  }

  /** {@code 12 targets: 10 healthy, 2 failing · alerts: 1 firing, 1 pending}. */
  static void summaryText(StringBuilder out, Summary s) {
    out.append(s.total())
        .append(s.total() == 1 ? " target: " : " targets: ")
        .append("<b class=\"n-ok\">")
        .append(s.healthy())
        .append(" healthy</b>, <b class=\"n-bad\">")
        .append(s.failing())
        .append(" failing</b>");
    if (s.waiting() > 0) {
      out.append(", ").append(s.waiting()).append(" waiting for a first probe");
    }
    if (!s.alerts().isEmpty()) {
      out.append(" &#183; alerts: ");
      String sep = "";
      for (Map.Entry<String, Integer> e : s.alerts().entrySet()) {
        out.append(sep).append(e.getValue()).append(' ');
        escapeAscii(out, e.getKey());
        sep = ", ";
      }
    }
  }

  /*
   * A row is written in seven parts: four from the snapshot alone, which StatusBoard keeps, and
   * between them the state's age and the probe's age (from the request's time) and the uptime
   * cell (from its own clock).
   */

  /** The row up to how long its state has lasted. */
  static void beforeStateAge(StringBuilder out, TargetStatus s) {
    String state = StatusView.state(s);
    StateStyle style = StateStyle.of(state);
    out.append("<tr data-name=\"");
    escapeAscii(out, s.name()).append("\" data-type=\"");
    escapeAscii(out, s.type()).append("\" data-state=\"");
    escapeAscii(out, style.word()).append("\"><td class=\"name\"><a href=\"targets/");
    escapeAscii(out, pathSegment(s.name())).append("\">");
    escapeAscii(out, s.name()).append("</a>");
    about(out, s.info());
    out.append("</td><td class=\"type\">");
    escapeAscii(out, s.type())
        .append("</td><td class=\"st\"><span class=\"state s-")
        .append(style.css())
        .append("\"><span aria-hidden=\"true\">");
    escapeAscii(out, style.symbol()).append("</span> ");
    escapeAscii(out, style.word()).append("</span>");
    if (s.stateSince() != null) {
      out.append("<div class=\"since\">for ");
    }
  }

  /** {@code 5 min}: how long the state has lasted (nothing before the first probe). */
  static void stateAge(StringBuilder out, TargetStatus s, Instant now) {
    if (s.stateSince() != null) {
      out.append(StatusView.age(Duration.between(s.stateSince(), now).toSeconds()));
    }
  }

  /** The row from its state's age up to how long ago it was probed. */
  static void beforeProbeAge(StringBuilder out, TargetStatus s, InstantText instants) {
    if (s.stateSince() != null) {
      out.append("</div>");
    }
    if (s.lastProbeAt() != null) {
      out.append("<div class=\"since probed\" title=\"");
      instants.append(out, s.lastProbeAt()).append("\">probed ");
    }
  }

  /** {@code 3 s}: how long ago the last probe started (nothing before the first). */
  static void probeAge(StringBuilder out, TargetStatus s, Instant now) {
    if (s.lastProbeAt() != null) {
      out.append(StatusView.age(Duration.between(s.lastProbeAt(), now).toSeconds()));
    }
  }

  /** The row from its probe's age up to its uptime cell: findings and latency. */
  static void beforeUptime(StringBuilder out, TargetStatus s) {
    if (s.lastProbeAt() != null) {
      out.append(" ago</div>");
    }
    out.append("</td><td class=\"findings\">");
    list(out, s.findings().stream().map(Finding::message).toList(), "no findings");
    out.append("</td><td class=\"latency\">");
    if (s.latency().count() > 0) {
      out.append("<span>");
      escapeAscii(out, StatusView.latency(s.latency().p50())).append("</span> / <span>");
      escapeAscii(out, StatusView.latency(s.latency().p95())).append("</span>");
      limit(out, s.info().p95Limit());
      out.append(" / <span>");
      escapeAscii(out, StatusView.latency(s.latency().p99())).append("</span>");
      limit(out, s.info().p99Limit());
      sparkline(out, s.trail());
    } else {
      out.append("&#8211;");
    }
    out.append("</td><td class=\"uptime\">");
  }

  /** The row after its uptime cell: the check type's facts. */
  static void afterUptime(StringBuilder out, TargetStatus s) {
    out.append("</td><td class=\"detail\">");
    list(out, s.detail().facts(), "");
    out.append("</td></tr>\n");
  }

  /** What the target checks and its labels, under its name. */
  static void about(StringBuilder out, TargetInfo info) {
    if (info.where() != null) {
      out.append("<div class=\"where\">");
      escapeAscii(out, info.where()).append("</div>");
    }
    if (!info.labels().isEmpty()) {
      out.append("<div class=\"labels\">");
      for (Map.Entry<String, String> l : new TreeMap<>(info.labels()).entrySet()) {
        out.append("<span class=\"label\">");
        escapeAscii(out, l.getKey() + "=" + l.getValue()).append("</span> ");
      }
      out.append("</div>");
    }
  }

  /** The expectation next to its figure: {@code (≤ 800 ms)}. */
  private static void limit(StringBuilder out, double seconds) {
    if (!Double.isNaN(seconds)) {
      out.append(" <span class=\"limit\" title=\"expected below\">(&#8804; ");
      escapeAscii(out, StatusView.latency(seconds)).append(")</span>");
    }
  }

  /** A target name as one URL path segment (RFC 3986: percent-encoded, spaces as %20). */
  static String pathSegment(String name) {
    if (unreserved(name)) {
      return name;
    }
    return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /** Letters, digits and {@code - . _ *}: what URLEncoder leaves as it is. */
  private static boolean unreserved(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '*')) {
        return false;
      }
    }
    return true;
  }

  /** {@code 99.95 % / 99.9 % / 99.9 %}, then one line per objective's budget left. */
  static void uptime(StringBuilder out, UptimeView u) {
    if (u.windows().isEmpty()) {
      out.append("&#8211;");
      return;
    }
    String sep = "";
    for (UptimeView.Window w : u.windows()) {
      out.append(sep).append("<span title=\"");
      out.append(w.label())
          .append(": down ")
          .append(StatusView.age(Math.round(w.downSeconds())))
          .append(", unknown ")
          .append(StatusView.age(Math.round(w.unknownSeconds())))
          .append("\">");
      escapeAscii(out, StatusView.uptime(w.ratio())).append("</span>");
      sep = " / ";
    }
    for (UptimeView.BudgetLeft b : u.budgets()) {
      out.append("<div class=\"budget\">");
      escapeAscii(out, b.slo() + " " + b.text()).append("</div>");
    }
  }

  private static void list(StringBuilder out, List<String> items, String none) {
    if (items.isEmpty()) {
      out.append("<span class=\"none\">").append(none).append("</span>");
      return;
    }
    out.append("<ul>");
    for (String item : items) {
      out.append("<li>");
      escapeAscii(out, StatusView.redact(item)).append("</li>");
    }
    out.append("</ul>");
  }

  /** A polyline of the window's latest samples, scaled to the largest; no script needed. */
  static void sparkline(StringBuilder out, LatencyTrail trail) {
    if (trail.size() < 2) {
      return;
    }
    float max = trail.max();
    out.append("<svg class=\"spark\" viewBox=\"0 0 ")
        .append(SPARK_W)
        .append(' ')
        .append(SPARK_H)
        .append("\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"latency over the")
        .append(" window\"><polyline points=\"");
    int n = trail.size();
    for (int i = 0; i < n; i++) {
      int x = Math.round((float) i * SPARK_W / (n - 1));
      float y = max > 0 ? SPARK_H - 1 - trail.seconds(i) / max * (SPARK_H - 2) : SPARK_H - 1;
      Decimals.tenths(out.append(x).append(','), y).append(' ');
    }
    out.setLength(out.length() - 1);
    out.append("\"/></svg><span class=\"scale\" title=\"the sparkline's top\">max ");
    escapeAscii(out, StatusView.latency(max)).append("</span>");
  }
}
