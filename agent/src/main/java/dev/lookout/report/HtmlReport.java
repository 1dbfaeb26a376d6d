package dev.lookout.report;

import static dev.lookout.report.MarkdownReport.DAY;
import static dev.lookout.report.MarkdownReport.WHEN;

import dev.lookout.status.Html;
import java.util.List;

/**
 * The report as one self-contained HTML page: inline CSS, no script, no image, no font or
 * stylesheet to fetch, so it reads the same offline, in a mail attachment and on paper (A4, each
 * risk kept on one page). Every text from outside goes through {@link Html#escape}.
 */
public final class HtmlReport {
  private HtmlReport() {}

  private static final String CSS =
      """
      @page{size:A4;margin:14mm 14mm 16mm}
      *{box-sizing:border-box}
      html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1d2430;margin:0 auto;max-width:60rem;padding:24px}
      h1{font-size:24px;margin:0 0 4px}
      h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #e3e7ee;break-after:avoid}
      h3{font-size:15px;margin:16px 0 6px;break-after:avoid}
      p,ul{margin:6px 0}
      .meta{color:#5b6576;font-size:12px;margin:0 0 14px}
      .verdict{padding:12px 16px;border-radius:6px;font-size:18px;font-weight:600;margin:10px 0 4px}
      .verdict.no{background:#fde8e8;color:#8a1c1c;border:1px solid #f3b4b4}
      .verdict.yes{background:#e5f6ea;color:#17603a;border:1px solid #a8dcb9}
      ol.risks{list-style:none;padding:0;margin:0;counter-reset:risk}
      ol.risks>li{border:1px solid #e3e7ee;border-left:5px solid #d69e2e;border-radius:4px;padding:8px 12px;margin:0 0 8px;break-inside:avoid}
      ol.risks>li.blocker{border-left-color:#c53030}
      .risk-head{font-weight:600;margin-bottom:4px}
      .badge{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;padding:1px 6px;border-radius:3px;margin-right:6px;vertical-align:1px;background:#fbe9c8;color:#7b4d06}
      .blocker .badge{background:#c53030;color:#fff}
      .target{color:#5b6576;font-weight:400}
      dl{display:grid;grid-template-columns:7.5em 1fr;gap:2px 10px;margin:0;font-size:13px}
      dt{color:#5b6576}
      dd{margin:0;overflow-wrap:anywhere}
      table{border-collapse:collapse;width:100%;font-size:12.5px;margin:6px 0}
      thead{display:table-header-group}
      th{text-align:left;background:#f3f5f8;font-weight:600}
      th,td{border:1px solid #e3e7ee;padding:4px 6px;vertical-align:top;overflow-wrap:break-word}
      .nw{white-space:nowrap}
      .addr{color:#5b6576;font-size:11.5px}
      table.narrow{width:auto;min-width:55%}
      tr{break-inside:avoid}
      td.num,th.num{text-align:right;white-space:nowrap}
      .bad{color:#b42318;font-weight:600}
      .warn{color:#8a5a00;font-weight:600}
      .ok{color:#17603a}
      .gap{color:#b42318;font-weight:600}
      .none{color:#8792a2}
      footer{margin-top:28px;color:#8792a2;font-size:11px}
      """;

  public static String render(Report r) {
    StringBuilder out = new StringBuilder(16384);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
    out.append("<title>Launch readiness: ");
    Html.escape(out, r.verdict().line())
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style></head>\n<body>\n");
    out.append("<h1>Launch readiness</h1>\n<div class=\"verdict ")
        .append(r.verdict().ready() ? "yes" : "no")
        .append("\">");
    Html.escape(out, r.verdict().line())
        .append("</div>\n<p class=\"meta\">Generated ")
        .append(WHEN.format(r.generatedAt()))
        .append(" from ");
    Html.escape(out, r.source()).append(" by Lookout ");
    Html.escape(out, r.version()).append(".</p>\n");
    risks(out, r.risks());
    dns(out, r.dns());
    mail(out, r.mail());
    certificates(out, r.certificates());
    performance(out, r.performance());
    uptime(out, r);
    handover(out, r.handover());
    out.append("<footer>Lookout launch-readiness report, schema ")
        .append(JsonReport.SCHEMA_VERSION)
        .append(".</footer>\n</body></html>\n");
    return out.toString();
  }

  private static StringBuilder e(StringBuilder out, String s) {
    return Html.escape(out, s);
  }

  private static void risks(StringBuilder out, List<Risk> risks) {
    out.append("<h2>Risks, most important first</h2>\n");
    if (risks.isEmpty()) {
      out.append("<p class=\"ok\">Nothing to fix: every check passed.</p>\n");
      return;
    }
    out.append("<ol class=\"risks\">\n");
    int n = 1;
    for (Risk k : risks) {
      boolean blocker = k.level() == Risk.Level.BLOCKER;
      out.append("<li")
          .append(blocker ? " class=\"blocker\"" : "")
          .append("><div class=\"risk-head\">");
      out.append(n++)
          .append(". <span class=\"badge\">")
          .append(blocker ? "blocker" : "risk")
          .append("</span>");
      e(out, k.what()).append(" <span class=\"target\">&middot; ");
      e(out, k.target()).append("</span></div>\n<dl><dt>Who is hurt</dt><dd>");
      e(out, k.whoIsHurt()).append("</dd><dt>Observed</dt><dd>");
      e(out, k.observed()).append("</dd><dt>Expected</dt><dd>");
      e(out, k.expected()).append("</dd><dt>Fix</dt><dd>");
      e(out, k.fix()).append("</dd></dl></li>\n");
    }
    out.append("</ol>\n");
  }

  private static void dns(StringBuilder out, List<Report.DnsName> names) {
    if (names.isEmpty()) {
      return;
    }
    out.append("<h2>DNS map</h2>\n");
    for (Report.DnsName d : names) {
      out.append("<h3>");
      e(out, d.name())
          .append(
              d.problems().isEmpty()
                  ? " <span class=\"ok\">as expected</span>"
                  : " <span class=\"bad\">drift</span>")
          .append("</h3>\n");
      out.append("<p class=\"meta\">Asked: ");
      e(out, d.servers().isEmpty() ? "-" : String.join(", ", d.servers())).append("</p>\n");
      out.append(
          "<table><thead><tr><th>Type</th><th>Value</th><th>Answered by</th></tr></thead><tbody>\n");
      for (Report.DnsName.Record rec : d.records()) {
        out.append("<tr><td>");
        e(out, rec.type()).append("</td><td>");
        if (rec.value().isEmpty()) {
          out.append("<span class=\"none\">(none)</span>");
        } else {
          e(out, rec.value());
        }
        out.append("</td><td").append(rec.disputed() ? " class=\"warn\"" : "").append('>');
        e(out, String.join(", ", rec.servers()))
            .append(rec.disputed() ? " (not all servers)" : "")
            .append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
      if (!d.problems().isEmpty()) {
        out.append("<ul>");
        for (String p : d.problems()) {
          out.append("<li class=\"bad\">");
          e(out, p).append("</li>");
        }
        out.append("</ul>\n");
      }
    }
  }

  private static void mail(StringBuilder out, List<Report.MailDomain> mail) {
    if (mail.isEmpty()) {
      return;
    }
    out.append("<h2>Mail</h2>\n");
    for (Report.MailDomain m : mail) {
      out.append("<h3>");
      e(out, m.domain()).append("</h3>\n<ul>");
      for (String s : m.sentences()) {
        out.append("<li>");
        e(out, s).append("</li>");
      }
      for (String s : m.delivery()) {
        out.append("<li>Delivery check ");
        e(out, s).append("</li>");
      }
      out.append("</ul>\n");
    }
  }

  private static void certificates(StringBuilder out, List<Report.Certificate> certs) {
    if (certs.isEmpty()) {
      return;
    }
    out.append(
        "<h2>Certificates</h2>\n<table><thead><tr><th>Host and address</th><th>Issuer</th><th class=\"nw\">Expires</th>");
    out.append(
        "<th class=\"num\">Days left</th><th class=\"num\">Lifetime</th><th>Renewal</th></tr></thead><tbody>\n");
    for (Report.Certificate c : certs) {
      String cls =
          c.daysLeft() < RiskRules.BLOCKER_DAYS
              ? "bad"
              : c.daysLeft() <= RiskRules.RENEW_DAYS ? "warn" : "ok";
      out.append("<tr><td class=\"nw\">");
      e(out, c.host()).append("<br><span class=\"addr\">");
      e(out, c.address()).append("</span></td><td>");
      e(out, c.issuer())
          .append("</td><td class=\"nw\">")
          .append(DAY.format(c.notAfter()))
          .append("</td><td class=\"num ")
          .append(cls)
          .append("\">");
      out.append(c.daysLeft())
          .append("</td><td class=\"num\">")
          .append(c.lifetimeDays())
          .append(" days</td><td>");
      e(out, c.hint());
      if (!c.trust().equals("trusted")) {
        out.append("<br><span class=\"bad\">Not trusted: ");
        e(out, c.trust()).append("</span>");
      }
      out.append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
  }

  private static void performance(StringBuilder out, List<Report.Endpoint> endpoints) {
    if (endpoints.isEmpty()) {
      return;
    }
    out.append(
        "<h2>Performance baseline</h2>\n<table><thead><tr><th>Endpoint</th><th class=\"num\">Samples</th>");
    out.append(
        "<th class=\"num\">p50</th><th class=\"num\">p95</th><th class=\"num\">p99</th><th class=\"num\">p95 target</th><th class=\"num\">Errors</th></tr></thead><tbody>\n");
    for (Report.Endpoint p : endpoints) {
      out.append("<tr><td>");
      e(out, p.target())
          .append("</td><td class=\"num\">")
          .append(p.samples())
          .append("</td><td class=\"num\">");
      out.append(Words.millis(p.p50()))
          .append("</td><td class=\"num")
          .append(p.overTarget() ? " bad" : "")
          .append("\">");
      out.append(Words.millis(p.p95()))
          .append("</td><td class=\"num\">")
          .append(Words.millis(p.p99()));
      out.append("</td><td class=\"num\">")
          .append(Words.millis(p.p95Target()))
          .append("</td><td class=\"num")
          .append(p.errorRate() > 0 ? " bad" : "")
          .append("\">");
      e(out, MarkdownReport.errors(p)).append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
  }

  private static void uptime(StringBuilder out, Report r) {
    if (!r.uptime().isEmpty()) {
      out.append(
          "<h2>Uptime</h2>\n<table class=\"narrow\"><thead><tr><th>Target</th><th class=\"num\">24 h</th><th class=\"num\">7 d</th><th class=\"num\">30 d</th></tr></thead><tbody>\n");
      for (Report.Uptime u : r.uptime()) {
        out.append("<tr><td>");
        e(out, u.target()).append("</td><td class=\"num\">").append(MarkdownReport.ratio(u.day()));
        out.append("</td><td class=\"num\">").append(MarkdownReport.ratio(u.week()));
        out.append("</td><td class=\"num\">")
            .append(MarkdownReport.ratio(u.month()))
            .append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }
    if (r.incidents() != null) {
      out.append("<h2>Incidents</h2>\n");
      if (r.incidents().isEmpty()) {
        out.append("<p class=\"ok\">No incidents recorded.</p>\n");
        return;
      }
      out.append(
          "<table><thead><tr><th>Target</th><th>Started</th><th>Ended</th><th>What</th></tr></thead><tbody>\n");
      for (Report.Incident i : r.incidents()) {
        out.append("<tr><td>");
        e(out, i.target()).append("</td><td>");
        e(out, i.started()).append("</td><td>");
        e(out, i.ended() == null ? "ongoing" : i.ended()).append("</td><td>");
        e(out, i.summary()).append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }
  }

  private static void handover(StringBuilder out, Report.HandoverSection h) {
    out.append(
        "<h2>Handover</h2>\n<table><thead><tr><th>Duty</th><th>Owner</th></tr></thead><tbody>\n");
    for (Report.HandoverSection.Owner o : h.owners()) {
      out.append("<tr><td>");
      e(out, o.title()).append("</td><td>");
      if (o.owner() == null) {
        out.append("<span class=\"gap\">gap: nobody named</span>");
      } else {
        e(out, o.owner());
      }
      out.append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
    if (!h.support().isEmpty()) {
      out.append("<h3>Support contacts</h3>\n<ul>");
      for (String s : h.support()) {
        out.append("<li>");
        e(out, s).append("</li>");
      }
      out.append("</ul>\n");
    }
    if (!h.links().isEmpty()) {
      // Written as text, not as links: the page references nothing outside itself.
      out.append("<h3>Links</h3>\n<ul>");
      for (Report.HandoverSection.Link l : h.links()) {
        out.append("<li>");
        e(out, l.name().replace('_', ' ')).append(": ");
        e(out, l.url()).append("</li>");
      }
      out.append("</ul>\n");
    }
  }
}
