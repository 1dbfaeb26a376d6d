package dev.lookout.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The report as Markdown, for a ticket or a repository. Every text from outside is escaped ({@link
 * #md}): Markdown's own characters get a backslash, {@code <} and {@code >} become entities (a
 * renderer that allows HTML must not meet a tag), line breaks become spaces, so a DNS answer or a
 * certificate name can neither format the page nor break a table.
 */
public final class MarkdownReport {
  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private MarkdownReport() {}

  public static String render(Report r) {
    StringBuilder out = new StringBuilder(8192);
    out.append("# Launch readiness: ").append(md(r.verdict().line())).append("\n\n");
    out.append("Generated ")
        .append(WHEN.format(r.generatedAt()))
        .append(" from ")
        .append(md(r.source()))
        .append(" by Lookout ")
        .append(md(r.version()))
        .append(".\n");
    risks(out, r.risks());
    dns(out, r.dns());
    mail(out, r.mail());
    certificates(out, r.certificates());
    performance(out, r.performance());
    uptime(out, r);
    handover(out, r.handover());
    return out.toString();
  }

  private static void risks(StringBuilder out, List<Risk> risks) {
    out.append("\n## Risks, most important first\n\n");
    if (risks.isEmpty()) {
      out.append("Nothing to fix: every check passed.\n");
      return;
    }
    int n = 1;
    for (Risk k : risks) {
      out.append(n++)
          .append(". **")
          .append(k.level() == Risk.Level.BLOCKER ? "Blocker" : "Risk")
          .append(": ")
          .append(md(k.what()))
          .append("** (")
          .append(md(k.target()))
          .append(")\n");
      out.append("   - Who is hurt: ").append(md(k.whoIsHurt())).append('\n');
      out.append("   - Observed: ").append(md(k.observed())).append('\n');
      out.append("   - Expected: ").append(md(k.expected())).append('\n');
      out.append("   - Fix: ").append(md(k.fix())).append('\n');
    }
  }

  private static void dns(StringBuilder out, List<Report.DnsName> names) {
    if (names.isEmpty()) {
      return;
    }
    out.append("\n## DNS map\n");
    for (Report.DnsName d : names) {
      out.append("\n### ").append(md(d.name()));
      out.append(d.problems().isEmpty() ? " (as expected)" : " (DRIFT)").append("\n\n");
      out.append("Asked: ")
          .append(md(d.servers().isEmpty() ? "-" : String.join(", ", d.servers())))
          .append("\n\n");
      out.append("| Type | Value | Answered by |\n|---|---|---|\n");
      for (Report.DnsName.Record rec : d.records()) {
        out.append("| ")
            .append(md(rec.type()))
            .append(" | ")
            .append(rec.value().isEmpty() ? "(none)" : md(rec.value()))
            .append(" | ")
            .append(md(String.join(", ", rec.servers())))
            .append(rec.disputed() ? " (not all servers)" : "")
            .append(" |\n");
      }
      for (String p : d.problems()) {
        out.append("\n- **Drift:** ").append(md(p));
      }
      out.append(d.problems().isEmpty() ? "" : "\n");
    }
  }

  private static void mail(StringBuilder out, List<Report.MailDomain> mail) {
    if (mail.isEmpty()) {
      return;
    }
    out.append("\n## Mail\n");
    for (Report.MailDomain m : mail) {
      out.append("\n### ").append(md(m.domain())).append("\n\n");
      m.sentences().forEach(s -> out.append("- ").append(md(s)).append('\n'));
      m.delivery().forEach(s -> out.append("- Delivery check ").append(md(s)).append('\n'));
    }
  }

  private static void certificates(StringBuilder out, List<Report.Certificate> certs) {
    if (certs.isEmpty()) {
      return;
    }
    out.append("\n## Certificates\n\n");
    out.append("| Host | Address | Issuer | Expires | Days left | Lifetime | Renewal |\n");
    out.append("|---|---|---|---|--:|--:|---|\n");
    for (Report.Certificate c : certs) {
      out.append("| ")
          .append(md(c.host()))
          .append(" | ")
          .append(md(c.address()))
          .append(" | ")
          .append(md(c.issuer()))
          .append(" | ")
          .append(DAY.format(c.notAfter()))
          .append(" | ")
          .append(c.daysLeft())
          .append(" | ")
          .append(c.lifetimeDays())
          .append(" days | ")
          .append(md(c.hint()))
          .append(c.trust().equals("trusted") ? "" : "; **not trusted:** " + md(c.trust()))
          .append(" |\n");
    }
  }

  private static void performance(StringBuilder out, List<Report.Endpoint> endpoints) {
    if (endpoints.isEmpty()) {
      return;
    }
    out.append("\n## Performance baseline\n\n");
    out.append("| Endpoint | Samples | p50 | p95 | p99 | p95 target | Errors |\n");
    out.append("|---|--:|--:|--:|--:|--:|--:|\n");
    for (Report.Endpoint e : endpoints) {
      out.append("| ")
          .append(md(e.target()))
          .append(" | ")
          .append(e.samples())
          .append(" | ")
          .append(Words.millis(e.p50()))
          .append(" | ")
          .append(Words.millis(e.p95()))
          .append(e.overTarget() ? " (over)" : "")
          .append(" | ")
          .append(Words.millis(e.p99()))
          .append(" | ")
          .append(Words.millis(e.p95Target()))
          .append(" | ")
          .append(errors(e))
          .append(" |\n");
    }
  }

  static String errors(Report.Endpoint e) {
    return Double.isNaN(e.errorRate())
        ? "-"
        : Words.percent(e.errorRate()) + " (" + e.errorWindow() + ")";
  }

  private static void uptime(StringBuilder out, Report r) {
    if (!r.uptime().isEmpty()) {
      out.append("\n## Uptime\n\n| Target | 24 h | 7 d | 30 d |\n|---|--:|--:|--:|\n");
      for (Report.Uptime u : r.uptime()) {
        out.append("| ")
            .append(md(u.target()))
            .append(" | ")
            .append(ratio(u.day()))
            .append(" | ")
            .append(ratio(u.week()))
            .append(" | ")
            .append(ratio(u.month()))
            .append(" |\n");
      }
    }
    if (r.incidents() != null) {
      out.append("\n## Incidents\n\n");
      if (r.incidents().isEmpty()) {
        out.append("No incidents recorded.\n");
      } else {
        out.append("| Target | Started | Ended | What |\n|---|---|---|---|\n");
        for (Report.Incident i : r.incidents()) {
          out.append("| ")
              .append(md(i.target()))
              .append(" | ")
              .append(md(i.started()))
              .append(" | ")
              .append(i.ended() == null ? "ongoing" : md(i.ended()))
              .append(" | ")
              .append(md(i.summary()))
              .append(" |\n");
        }
      }
    }
  }

  static String ratio(double v) {
    return Double.isNaN(v) ? "-" : Words.percent(v);
  }

  private static void handover(StringBuilder out, Report.HandoverSection h) {
    out.append("\n## Handover\n\n| Duty | Owner |\n|---|---|\n");
    for (Report.HandoverSection.Owner o : h.owners()) {
      out.append("| ")
          .append(md(o.title()))
          .append(" | ")
          .append(o.owner() == null ? "**gap: nobody named**" : md(o.owner()))
          .append(" |\n");
    }
    if (!h.support().isEmpty()) {
      out.append("\nSupport contacts:\n\n");
      h.support().forEach(s -> out.append("- ").append(md(s)).append('\n'));
    }
    if (!h.links().isEmpty()) {
      out.append("\nLinks:\n\n");
      h.links()
          .forEach(
              l ->
                  out.append("- ")
                      .append(md(l.name()))
                      .append(": ")
                      .append(md(l.url()))
                      .append('\n'));
    }
  }

  /** Text from outside, inert in Markdown and in a table cell. */
  static String md(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\', '`', '*', '_', '[', ']', '|', '~', '#' -> out.append('\\').append(c);
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '\n', '\r', '\t' -> out.append(' ');
        default -> out.append(c < 0x20 ? ' ' : c);
      }
    }
    return out.toString();
  }
}
