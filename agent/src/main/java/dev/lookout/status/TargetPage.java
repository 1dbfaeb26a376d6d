package dev.lookout.status;

import static dev.lookout.status.Html.escape;

import dev.lookout.evaluate.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code /targets/<name>}: one target on its own page, the row's figures plus what does not fit in
 * a row: its last findings, its details and the history of its verdict changes. Plain HTML, no
 * script; everything from outside is escaped.
 */
public final class TargetPage {
  private TargetPage() {}

  public static String render(TargetStatus s, Instant now, String assets) {
    StringBuilder out = new StringBuilder(4096);
    head(out, s, assets);
    out.append("<dl>\n<dt>State</dt><dd>");
    state(out, s, now);
    out.append("</dd>\n<dt>Last probed</dt><dd>");
    lastProbe(out, s, now);
    out.append("</dd>\n<dt>Latency p50 / p95 / p99</dt><dd>");
    latency(out, s);
    out.append("</dd>\n<dt>Uptime 24 h / 7 d / 30 d</dt><dd>");
    uptime(out, s.uptime());
    out.append("</dd>\n</dl>\n<h2>Findings</h2>\n");
    lines(out, s.findings().stream().map(Finding::message).toList(), "no findings");
    if (s.lastError() != null && s.findings().isEmpty()) {
      out.append("<p>");
      escape(out, StatusView.redact(s.lastError())).append("</p>");
    }
    out.append("<h2>Details</h2>\n");
    lines(out, s.detail().facts(), "none");
    out.append("<h2>Verdict changes</h2>\n");
    changes(out, s.changes(), now);
    out.append("</main>\n</body>\n</html>\n");
    return out.toString();
  }

  /** The document's head, the way back and the heading: the target's name, type and where. */
  private static void head(StringBuilder out, TargetStatus s, String assets) {
    out.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>");
    escape(out, s.name()).append(" · Lookout</title>\n");
    out.append("<link rel=\"stylesheet\" href=\"../status/status.css?v=");
    escape(out, assets).append("\">\n</head>\n<body>\n<main class=\"target\">\n");
    out.append("<p><a href=\"../\">\u2190 all targets</a></p>\n<h1>");
    escape(out, s.name()).append(" <span class=\"type\">");
    escape(out, s.type()).append("</span></h1>\n");
    StatusPage.about(out, s.info());
  }

  private static void state(StringBuilder out, TargetStatus s, Instant now) {
    StateStyle style = StateStyle.of(StatusView.state(s));
    out.append("<span class=\"state s-")
        .append(style.css())
        .append("\"><span aria-hidden=\"true\">")
        .append(style.symbol())
        .append("</span> ");
    escape(out, style.word()).append("</span>");
    if (s.stateSince() != null) {
      out.append(" for ")
          .append(StatusView.age(Duration.between(s.stateSince(), now).toSeconds()))
          .append(" (since ")
          .append(s.stateSince())
          .append(')');
    }
  }

  private static void lastProbe(StringBuilder out, TargetStatus s, Instant now) {
    if (s.lastProbeAt() == null) {
      out.append("not yet");
    } else {
      out.append(StatusView.age(Duration.between(s.lastProbeAt(), now).toSeconds()))
          .append(" ago (")
          .append(s.lastProbeAt())
          .append("), took ")
          .append(StatusView.latency(s.lastDurationSeconds()));
    }
  }

  /** The window's quantiles, each limit the target sets beside its figure, and the trail. */
  private static void latency(StringBuilder out, TargetStatus s) {
    if (s.latency().count() > 0) {
      out.append(StatusView.latency(s.latency().p50()))
          .append(" / ")
          .append(StatusView.latency(s.latency().p95()))
          .append(limit(s.info().p95Limit()))
          .append(" / ")
          .append(StatusView.latency(s.latency().p99()))
          .append(limit(s.info().p99Limit()))
          .append(" over ")
          .append(s.latency().count())
          .append(" samples");
      StatusPage.sparkline(out, s.trail());
    } else {
      out.append("\u2013");
    }
  }

  /** Uptime and downtime per window, then each SLO's budget left. */
  private static void uptime(StringBuilder out, UptimeView uptime) {
    String sep = "";
    for (UptimeView.Window w : uptime.windows()) {
      out.append(sep)
          .append(StatusView.uptime(w.ratio()))
          .append(" <span class=\"none\">(down ")
          .append(StatusView.age(Math.round(w.downSeconds())))
          .append(")</span>");
      sep = " / ";
    }
    if (uptime.windows().isEmpty()) {
      out.append("\u2013");
    }
    for (UptimeView.BudgetLeft b : uptime.budgets()) {
      out.append("<div class=\"budget\">");
      escape(out, b.slo() + " " + b.text()).append("</div>");
    }
  }

  /** The verdict changes, the latest first. */
  private static void changes(StringBuilder out, List<TargetInfo.Change> changes, Instant now) {
    if (changes.isEmpty()) {
      out.append("<p class=\"none\">none since the agent started</p>\n");
      return;
    }
    out.append("<table class=\"changes\"><thead><tr><th>When</th><th>Verdict</th>")
        .append("<th>Findings</th></tr></thead><tbody>\n");
    for (int i = changes.size() - 1; i >= 0; i--) {
      TargetInfo.Change c = changes.get(i);
      out.append("<tr><td>")
          .append(c.at())
          .append(" <span class=\"none\">(")
          .append(StatusView.age(Duration.between(c.at(), now).toSeconds()))
          .append(" ago)</span></td><td>")
          .append(c.healthy() ? "\u2713 passed" : "\u2717 failed")
          .append("</td><td>");
      lines(out, c.findings(), "");
      out.append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
  }

  private static String limit(double seconds) {
    return Double.isNaN(seconds) ? "" : " (\u2264 " + StatusView.latency(seconds) + ")";
  }

  private static void lines(StringBuilder out, List<String> items, String none) {
    if (items.isEmpty()) {
      if (!none.isEmpty()) {
        out.append("<p class=\"none\">").append(none).append("</p>\n");
      }
      return;
    }
    out.append("<ul>");
    for (String item : items) {
      out.append("<li>");
      escape(out, StatusView.redact(item)).append("</li>");
    }
    out.append("</ul>\n");
  }
}
