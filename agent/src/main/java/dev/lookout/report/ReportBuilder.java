package dev.lookout.report;

import dev.lookout.check.dns.DnsCheck;
import dev.lookout.check.emailauth.EmailAuthCheck;
import dev.lookout.config.Config;
import dev.lookout.config.Handover;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link Report} from judged results and the config: ranks the risks ({@link RiskRules})
 * and fills each section from the check types' detail fields. Pure: the time comes from the clock,
 * everything else from the input, so the same input renders the same report.
 */
public final class ReportBuilder {
  /** Types whose latency is not an endpoint's (they time lookups and handshakes). */
  private static final Set<String> NOT_ENDPOINTS =
      Set.of("tls", "dns", "email_auth", "queue", "heartbeat", "mail_delivery");

  private ReportBuilder() {}

  public static Report build(Config config, ReportInput in, Clock clock, String version) {
    Instant now = clock.instant();
    Map<String, Target> targets = new LinkedHashMap<>();
    config.targets().forEach(t -> targets.put(t.name(), t));
    List<Risk> risks = RiskRules.rank(in.results(), targets);
    int blockers = (int) risks.stream().filter(r -> r.level() == Risk.Level.BLOCKER).count();
    return new Report(
        now,
        in.source(),
        version,
        new Report.Verdict(blockers == 0, blockers, risks.size() - blockers),
        risks,
        dns(in.results(), targets),
        mail(in.results(), targets),
        certificates(in.results(), now),
        performance(in, targets),
        uptime(in),
        in.incidents(),
        handover(config.handover(), in.links()));
  }

  static List<Report.DnsName> dns(List<TargetResult> results, Map<String, Target> targets) {
    List<Report.DnsName> out = new ArrayList<>();
    for (TargetResult r : results) {
      if (!r.type().equals("dns")) {
        continue;
      }
      Target t = targets.get(r.name());
      String name = t != null && t.check() instanceof DnsCheck d ? d.name() : r.name();
      List<String> servers = r.lines("dns_servers");
      List<Report.DnsName.Record> records = new ArrayList<>();
      for (String line : r.lines("dns_records")) {
        String[] c = line.split("\t", -1);
        if (c.length < 3) {
          continue;
        }
        List<String> by = c[2].isBlank() ? List.of() : List.of(c[2].split(" "));
        records.add(
            new Report.DnsName.Record(
                c[0], c[1], by, !c[1].isEmpty() && by.size() < servers.size()));
      }
      Set<String> problems = new LinkedHashSet<>(r.lines("dns_diff"));
      r.findings().stream().map(Finding::message).forEach(problems::add);
      if (r.failing() && problems.isEmpty() && r.lastError() != null) {
        problems.add(r.lastError());
      }
      out.add(new Report.DnsName(r.name(), name, servers, records, List.copyOf(problems)));
    }
    return out;
  }

  static List<Report.MailDomain> mail(List<TargetResult> results, Map<String, Target> targets) {
    List<Report.MailDomain> out = new ArrayList<>();
    List<String> delivery = new ArrayList<>();
    for (TargetResult r : results) {
      if (r.type().equals("mail_delivery")) {
        delivery.add(r.name() + ": " + outcome(r));
      }
    }
    for (TargetResult r : results) {
      if (!r.type().equals("email_auth")) {
        continue;
      }
      Target t = targets.get(r.name());
      String domain = t != null && t.check() instanceof EmailAuthCheck e ? e.domain() : r.name();
      out.add(new Report.MailDomain(r.name(), domain, MailWords.sentences(domain, r), delivery));
    }
    if (out.isEmpty() && !delivery.isEmpty()) {
      out.add(new Report.MailDomain("", "mail delivery", List.of(), delivery));
    }
    return out;
  }

  private static String outcome(TargetResult r) {
    if (r.healthy() == null) {
      return "no result yet";
    }
    if (!r.failing()) {
      return r.facts().isEmpty() ? "delivered" : "delivered (" + String.join(", ", r.facts()) + ")";
    }
    return r.findings().isEmpty()
        ? String.valueOf(r.lastError())
        : String.join("; ", r.findings().stream().map(Finding::message).toList());
  }

  static List<Report.Certificate> certificates(List<TargetResult> results, Instant now) {
    Map<String, Report.Certificate> out = new LinkedHashMap<>();
    for (TargetResult r : results) {
      for (String line : r.lines("certificates")) {
        String[] c = line.split("\t", -1);
        if (c.length < 7) {
          continue;
        }
        Instant from;
        Instant to;
        try {
          from = Instant.parse(c[4]);
          to = Instant.parse(c[5]);
        } catch (DateTimeParseException e) {
          continue;
        }
        long left = Math.floorDiv(Duration.between(now, to).toSeconds(), 86_400);
        long lifetime = Duration.between(from, to).toDays();
        out.putIfAbsent(
            c[0] + "|" + c[1] + "|" + c[5],
            new Report.Certificate(
                r.name(),
                c[0],
                c[1],
                c[2],
                c[3],
                from,
                to,
                left,
                lifetime,
                c[6],
                hint(lifetime, left)));
      }
    }
    return out.values().stream()
        .sorted(java.util.Comparator.comparingLong(Report.Certificate::daysLeft))
        .toList();
  }

  /**
   * How the certificate is probably renewed: ACME clients renew short-lived certificates at about a
   * third of their lifetime left (30 days for 90), so one past that point is a renewal that did not
   * run; long-lived ones are usually bought and renewed by hand.
   */
  static String hint(long lifetimeDays, long daysLeft) {
    if (daysLeft < 0) {
      return "expired: renew it now";
    }
    if (lifetimeDays <= 100) {
      return daysLeft >= lifetimeDays / 3
          ? lifetimeDays
              + "-day certificate: looks automated (ACME renews at about "
              + lifetimeDays / 3
              + " days left)"
          : lifetimeDays
              + "-day certificate past its usual renewal point ("
              + lifetimeDays / 3
              + " days left): automatic renewal may be failing";
    }
    return daysLeft <= 30
        ? lifetimeDays
            + "-day certificate "
            + daysLeft
            + " days out: probably renewed by hand; renew it now"
        : lifetimeDays
            + "-day certificate: probably renewed by hand; put the renewal in the calendar";
  }

  static List<Report.Endpoint> performance(ReportInput in, Map<String, Target> targets) {
    List<Report.Endpoint> out = new ArrayList<>();
    for (TargetResult r : in.results()) {
      if (NOT_ENDPOINTS.contains(r.type()) || (r.samples() == 0 && !r.type().equals("http"))) {
        continue;
      }
      Target t = targets.get(r.name());
      double p95Target = Double.NaN;
      if (t != null && t.check().p95Below() != null) {
        p95Target = t.check().p95Below().toNanos() / 1e9;
      }
      Double day = in.uptime().getOrDefault(r.name(), Map.of()).get("24h");
      double errorRate;
      String window;
      if (day != null && !day.isNaN()) {
        errorRate = 1 - day;
        window = "24h";
      } else if (r.healthy() != null && in.uptime().isEmpty()) {
        errorRate = r.failing() ? 1 : 0;
        window = "this run";
      } else {
        errorRate = Double.NaN;
        window = "";
      }
      out.add(
          new Report.Endpoint(
              r.name(), r.samples(), r.p50(), r.p95(), r.p99(), p95Target, errorRate, window));
    }
    return out;
  }

  static List<Report.Uptime> uptime(ReportInput in) {
    List<Report.Uptime> out = new ArrayList<>();
    for (TargetResult r : in.results()) {
      Map<String, Double> u = in.uptime().get(r.name());
      if (u != null) {
        out.add(
            new Report.Uptime(
                r.name(),
                u.getOrDefault("24h", Double.NaN),
                u.getOrDefault("7d", Double.NaN),
                u.getOrDefault("30d", Double.NaN)));
      }
    }
    return out;
  }

  static Report.HandoverSection handover(Handover h, List<Report.HandoverSection.Link> extra) {
    List<Report.HandoverSection.Owner> owners = new ArrayList<>();
    Handover.DUTIES.forEach(
        (duty, title) ->
            owners.add(new Report.HandoverSection.Owner(duty, title, h.owners().get(duty))));
    List<Report.HandoverSection.Link> links = new ArrayList<>();
    h.links().forEach((name, url) -> links.add(new Report.HandoverSection.Link(name, url)));
    for (Report.HandoverSection.Link l : extra) {
      if (links.stream().noneMatch(k -> k.url().equals(l.url()))) {
        links.add(l);
      }
    }
    return new Report.HandoverSection(owners, h.support(), links);
  }
}
