package dev.lookout.report;

import static dev.lookout.report.RiskRules.BLOCKER_DAYS;
import static dev.lookout.report.RiskRules.RENEW_DAYS;

import dev.lookout.config.Impact;
import dev.lookout.evaluate.Finding;
import dev.lookout.report.RiskRules.Ranked;
import dev.lookout.report.RiskRules.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Matching one result against the {@link RiskRules}, taking the findings each rule explains: which
 * findings a rule takes (by expectation key, by check type) and what its risk says to the reader.
 * Whatever no rule took is "down" for a critical flow and "failing" for anything else.
 */
final class RiskJudge {
  private static final Set<String> LATENCY = Set.of("p95_below", "p99_below", "latency_below");
  private static final Set<String> CERT_DAYS =
      Set.of("days_left_above", "cert_days_above", "lifetime_left_above");
  private static final Set<String> CERT_TRUST = Set.of("chain_trusted", "hostname_match");
  private static final Set<String> DNS =
      Set.of("records", "agreement", "answer", "ttl", "baseline");
  private static final Set<String> QUEUE =
      Set.of(
          "depth_below",
          "growth_per_min_below",
          "time_to_limit_above",
          "consumers_at_least",
          "oldest_age_below");
  private static final Set<String> MAIL_CHECKS = Set.of("spf", "dkim", "dmarc", "mx");

  private final TargetResult r;
  private final Impact impact;
  private final boolean critical;
  private final boolean customerFacing;
  private final String flow;
  private final String subject;
  private final List<Finding> left;
  private String same;
  final List<Ranked> out = new ArrayList<>();

  RiskJudge(
      TargetResult r,
      Impact impact,
      boolean critical,
      boolean customerFacing,
      String flow,
      String subject) {
    this.r = r;
    this.subject = subject;
    this.flow = flow;
    this.impact = impact;
    this.critical = critical;
    this.customerFacing = customerFacing;
    this.left = new ArrayList<>(r.findings());
  }

  void run() {
    if (r.healthy() == null) {
      add(
          Rule.NO_RESULT,
          0,
          "no result yet",
          "nobody can tell",
          "not probed yet",
          "a result",
          "wait for the first probe, or check the agent runs this target");
      return;
    }
    certificates();
    mail();
    take(f -> DNS.contains(f.expectation()) && r.type().equals("dns"), Rule.DNS_DRIFT);
    take(f -> QUEUE.contains(f.expectation()), Rule.QUEUE_GROWING);
    take(f -> LATENCY.contains(f.expectation()), Rule.SLOW);
    take(f -> webHygiene(f) || r.type().equals("redirects"), Rule.WEB_HYGIENE);
    if (!left.isEmpty() || (r.failing() && out.isEmpty())) {
      rest();
    }
  }

  private void certificates() {
    Long days = r.whole("cert_days_left");
    List<String> certs = r.lines("certificates");
    String[] cert = certs.isEmpty() ? null : earliest(certs);
    same = cert == null ? null : cert[0] + "|" + cert[5];
    String on = cert == null || cert[0].isEmpty() ? "" : " for " + cert[0];
    boolean daysFinding = left.removeIf(f -> CERT_DAYS.contains(f.expectation()));
    if (days != null && days < BLOCKER_DAYS) {
      add(
          Rule.CERT_EXPIRING,
          days,
          certWhat(on, days),
          "every visitor: browsers refuse the site once it expires",
          Words.days(days) + " left",
          "more than " + RENEW_DAYS + " days",
          "renew the certificate now and check why automatic renewal did not");
    } else if (days != null && days <= RENEW_DAYS) {
      add(
          Rule.CERT_RENEW_SOON,
          days,
          "Certificate" + on + " expires in " + Words.days(days),
          "nobody yet; every visitor once it expires",
          Words.days(days) + " left",
          "more than " + RENEW_DAYS + " days",
          "renew it this week (or confirm the automatic renewal ran)");
    } else if (daysFinding) {
      add(
          Rule.CERT_RENEW_SOON,
          days == null ? 0 : days,
          "Certificate" + on + " closer to expiry than expected",
          "nobody yet; every visitor once it expires",
          days == null ? "see findings" : Words.days(days) + " left",
          "as set in expect",
          "renew the certificate");
    }
    List<Finding> trust = new ArrayList<>();
    left.removeIf(f -> CERT_TRUST.contains(f.expectation()) && trust.add(f));
    if (!trust.isEmpty()) {
      add(
          Rule.CERT_UNTRUSTED,
          0,
          "Browsers do not trust the certificate" + on,
          "every visitor: the browser shows a security warning",
          joined(trust),
          "a trusted chain for the name",
          "install the full chain from a public CA for the name visitors use");
    }
    same = null;
  }

  private String certWhat(String on, long days) {
    return days < 0
        ? "Certificate" + on + " has expired"
        : "Certificate" + on + " expires in " + Words.days(days);
  }

  /** The certificate line (tab-split) that expires first. */
  private static String[] earliest(List<String> lines) {
    String[] best = null;
    for (String line : lines) {
      String[] c = line.split("\t", -1);
      if (c.length >= 7 && (best == null || c[5].compareTo(best[5]) < 0)) {
        best = c;
      }
    }
    return best;
  }

  private void mail() {
    if (!r.type().equals("email_auth")) {
      return;
    }
    List<String[]> findings = new ArrayList<>();
    List<String> lines = r.lines("mail_findings");
    if (!lines.isEmpty() || r.fields().containsKey("mail_findings")) {
      for (String line : lines) {
        String[] c = line.split("\t", -1);
        if (c.length >= 4) {
          findings.add(c);
        }
      }
    } else {
      for (Finding f : left) {
        if (MAIL_CHECKS.contains(f.expectation())) {
          findings.add(new String[] {"fail", f.expectation(), f.message(), ""});
        }
      }
    }
    left.removeIf(f -> MAIL_CHECKS.contains(f.expectation()));
    Map<String, List<String[]>> byCheck = new LinkedHashMap<>();
    for (String[] c : findings) {
      boolean broken = c[0].equals("fail") && brokenMail(c[1], c[2]);
      byCheck.computeIfAbsent((broken ? "!" : "") + c[1], k -> new ArrayList<>()).add(c);
    }
    byCheck.forEach(
        (key, group) -> {
          boolean broken = key.startsWith("!");
          String check = group.get(0)[1];
          String more = group.size() == 1 ? "" : " (and " + (group.size() - 1) + " more)";
          String fix =
              group.get(0)[3].isEmpty()
                  ? "fix the " + check.toUpperCase(Locale.ROOT) + " record"
                  : group.get(0)[3];
          add(
              broken ? Rule.MAIL_AUTH_BROKEN : Rule.MAIL_AUTH_WEAK,
              group.get(0)[0].equals("fail") ? 0 : 1,
              Words.mailWhat(check, broken),
              Words.mailHurt(check),
              group.get(0)[2] + more,
              Words.mailExpected(check),
              Words.sentence(fix));
        });
  }

  private void take(Predicate<Finding> matches, Rule rule) {
    List<Finding> taken = new ArrayList<>();
    left.removeIf(f -> matches.test(f) && taken.add(f));
    if (taken.isEmpty()) {
      return;
    }
    String observed = joined(taken);
    switch (rule) {
      case DNS_DRIFT ->
          add(
              rule,
              0,
              "DNS answers for " + subject + " drifted",
              customerFacing
                  ? "visitors who resolve this name may reach the wrong place"
                  : "internal users of this name",
              observed,
              "the records in the config or the accepted baseline",
              "fix the records at the DNS provider, or accept the change with lookout dns-accept if it was planned");
      case QUEUE_GROWING ->
          add(
              rule,
              0,
              "Queue " + r.name() + " is backing up",
              "users waiting for background work (mails, exports, payments)",
              observed,
              "a queue that drains",
              "add consumers or find the stuck job before the queue hits its limit");
      case SLOW ->
          add(
              rule,
              0,
              r.name() + " is slower than its target",
              "every user of " + r.name() + ": slow pages lose customers",
              observed,
              "below the latency target",
              "profile the slow endpoint (database queries, upstream calls) or raise capacity");
      case WEB_HYGIENE ->
          add(
              rule,
              0,
              "Page problems on " + r.name(),
              "visitors: browsers block insecure parts, old links break",
              observed,
              "every asset over https, every old URL redirecting once",
              "serve every asset over https and redirect old URLs to their new home");
      default ->
          add(
              rule,
              0,
              r.name() + " fails",
              "users of " + r.name(),
              observed,
              "every expectation met",
              "see the finding");
    }
  }

  private void rest() {
    String observed =
        left.isEmpty() ? (r.lastError() == null ? "failing" : r.lastError()) : joined(left);
    left.clear();
    if (critical) {
      add(
          Rule.FLOW_DOWN,
          0,
          r.name() + " does not work",
          "every customer who tries to " + Words.flowVerb(flow),
          observed,
          "every expectation met",
          "fix it before launch: this is the path customers pay or sign in through");
    } else {
      add(
          Rule.TARGET_FAILING,
          0,
          r.name() + " fails its checks",
          "users of " + r.name(),
          observed,
          "every expectation met",
          "look at the finding and fix what it names");
    }
  }

  private void add(
      Rule rule,
      double urgency,
      String what,
      String hurt,
      String observed,
      String expected,
      String fix) {
    Risk.Level level = rule.level();
    if (impact == Impact.BLOCKER && rule != Rule.NO_RESULT && rule != Rule.CERT_RENEW_SOON) {
      level = Risk.Level.BLOCKER;
    } else if (impact == Impact.LOW || (rule == Rule.DNS_DRIFT && !customerFacing)) {
      level = Risk.Level.RISK;
    }
    int order =
        impact == Impact.BLOCKER || impact == Impact.HIGH ? 0 : impact == Impact.LOW ? 2 : 1;
    out.add(
        new Ranked(
            new Risk(level, rule, r.name(), what, hurt, observed, expected, Words.sentence(fix)),
            order,
            urgency,
            same));
  }

  private static String joined(List<Finding> findings) {
    return String.join("; ", findings.stream().map(Finding::message).toList());
  }

  /**
   * DMARC missing, SPF failing (permerror, missing), a revoked DKIM key: mail is rejected or
   * fakeable.
   */
  static boolean brokenMail(String check, String problem) {
    String p = problem.toLowerCase(Locale.ROOT);
    return switch (check) {
      case "dmarc" ->
          p.contains("no dmarc record") || p.contains("dmarc records: receivers ignore");
      case "spf" -> true;
      case "dkim" -> p.contains("revoked");
      default -> false;
    };
  }

  /** Mixed content, broken old URLs and redirects, by expectation or check type key. */
  static boolean webHygiene(Finding f) {
    String e = f.expectation().toLowerCase(Locale.ROOT);
    return e.contains("mixed")
        || e.contains("redirect")
        || e.contains("old_url")
        || e.contains("broken_link")
        || e.equals("final_url");
  }
}
