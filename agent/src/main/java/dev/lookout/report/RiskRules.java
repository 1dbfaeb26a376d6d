package dev.lookout.report;

import dev.lookout.check.dns.DnsCheck;
import dev.lookout.config.Impact;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ranking rules of the launch-readiness report, all in this one class. Each failing result is
 * matched against the rules in {@link Rule} order (that order is business impact); each rule takes
 * the findings it explains, and whatever is left becomes "down" for a critical flow or "failing"
 * for anything else, so a new check type ranks by its findings before anyone writes a rule for it.
 *
 * <p>Then the risks are sorted: blockers first; then by the target's {@code impact} ({@code
 * blocker} and {@code high} before unsaid, {@code low} last); then by rule; then by urgency (fewer
 * days left, a bigger overshoot first); then by target name. {@code impact: blocker} makes any
 * failure of the target a blocker; {@code impact: low} never blocks the launch.
 */
public final class RiskRules {
  private RiskRules() {}

  /** The rules, in the order of business impact. */
  public enum Rule {
    /** A critical flow (checkout, login, signup, or {@code impact: blocker}) does not work. */
    FLOW_DOWN(Risk.Level.BLOCKER),
    /** A certificate expires within 7 days (or has expired). */
    CERT_EXPIRING(Risk.Level.BLOCKER),
    /** A certificate browsers refuse: untrusted chain, wrong name. */
    CERT_UNTRUSTED(Risk.Level.BLOCKER),
    /** Mail that receivers reject or anyone can fake: DMARC missing, SPF failing, DKIM revoked. */
    MAIL_AUTH_BROKEN(Risk.Level.BLOCKER),
    /** DNS answers differ from what is expected, or resolvers disagree. */
    DNS_DRIFT(Risk.Level.RISK),
    /** A queue grows toward its limit, or has too few consumers. */
    QUEUE_GROWING(Risk.Level.RISK),
    /** Mail authentication that works but is weak ({@code p=none}, short keys, near limits). */
    MAIL_AUTH_WEAK(Risk.Level.RISK),
    /** Latency above its target (p95, p99, single probe). */
    SLOW(Risk.Level.RISK),
    /** Mixed content, a broken old URL, a redirect gone wrong. */
    WEB_HYGIENE(Risk.Level.RISK),
    /** A certificate 7–21 days from expiry. */
    CERT_RENEW_SOON(Risk.Level.RISK),
    /** Anything else failing. */
    TARGET_FAILING(Risk.Level.RISK),
    /** No result yet (a running agent that has not probed it). */
    NO_RESULT(Risk.Level.RISK);

    private final Risk.Level level;

    Rule(Risk.Level level) {
      this.level = level;
    }

    public Risk.Level level() {
      return level;
    }

    /** The key in the JSON report: {@code cert_expiring}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final int BLOCKER_DAYS = 7;
  static final int RENEW_DAYS = 21;

  /** Words in a target's name or {@code flow} label that make it a critical flow. */
  private static final Pattern CRITICAL_FLOW =
      Pattern.compile(
          "(^|[^a-z])(checkout|payment|pay|login|log-in|signin|sign-in|signup|sign-up|register)([^a-z]|$)");

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

  /** Every risk of every result, ranked; {@code targets} by name (missing: nothing said). */
  public static List<Risk> rank(List<TargetResult> results, Map<String, Target> targets) {
    List<Ranked> all = new ArrayList<>();
    for (TargetResult r : results) {
      Target t = targets.get(r.name());
      for (Ranked k : judge(r, t)) {
        all.add(k);
      }
    }
    all.sort(
        Comparator.comparing((Ranked k) -> k.risk.level())
            .thenComparingInt(k -> k.impactOrder)
            .thenComparing(k -> k.risk.rule())
            .thenComparingDouble(k -> k.urgency)
            .thenComparing(k -> k.risk.target()));
    return merged(all);
  }

  /**
   * One risk per certificate: an http check and a tls check of the same host see the same
   * certificate, and a reader wants it once, naming both targets (the first, most urgent, stays).
   */
  private static List<Risk> merged(List<Ranked> sorted) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    List<Risk> out = new ArrayList<>();
    for (Ranked k : sorted) {
      Integer at = k.same == null ? null : seen.get(k.risk.rule() + "|" + k.same);
      if (at == null) {
        if (k.same != null) {
          seen.put(k.risk.rule() + "|" + k.same, out.size());
        }
        out.add(k.risk);
        continue;
      }
      Risk first = out.get(at);
      out.set(
          at,
          new Risk(
              first.level(),
              first.rule(),
              first.target() + ", " + k.risk.target(),
              first.what(),
              first.whoIsHurt(),
              first.observed(),
              first.expected(),
              first.fix()));
    }
    return out;
  }

  /**
   * One risk with what sorts it beyond its level and rule; {@code same} names what it is about when
   * two targets can report the same thing (a certificate), else null.
   */
  record Ranked(Risk risk, int impactOrder, double urgency, String same) {}

  /** The risks of one result, unsorted. */
  static List<Ranked> judge(TargetResult r, Target t) {
    Impact impact = t == null ? null : t.impact();
    Map<String, String> labels = t == null ? Map.of() : t.labels();
    Judge j =
        new Judge(
            r,
            impact,
            critical(r.name(), labels, impact),
            customerFacing(labels),
            labels.getOrDefault("flow", r.name()),
            t != null && t.check() instanceof DnsCheck d ? d.name() : r.name());
    j.run();
    return j.out;
  }

  /**
   * A critical flow: said so ({@code impact: blocker}), labelled or named checkout/login/signup.
   */
  static boolean critical(String name, Map<String, String> labels, Impact impact) {
    if (impact == Impact.BLOCKER) {
      return true;
    }
    String flow = labels.getOrDefault("flow", "");
    return CRITICAL_FLOW.matcher(flow.toLowerCase(Locale.ROOT)).find()
        || CRITICAL_FLOW.matcher(name.toLowerCase(Locale.ROOT)).find();
  }

  /** Names are customer-facing unless a label says {@code customer_facing: false}. */
  private static boolean customerFacing(Map<String, String> labels) {
    return !"false".equalsIgnoreCase(labels.getOrDefault("customer_facing", "true"));
  }

  /** Matching one result against the rules, taking the findings each rule explains. */
  private static final class Judge {
    private final TargetResult r;
    private final Impact impact;
    private final boolean critical;
    private final boolean customerFacing;
    private final String flow;
    private final String subject;
    private final List<Finding> left;
    private String same;
    final List<Ranked> out = new ArrayList<>();

    Judge(
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

    private void take(java.util.function.Predicate<Finding> matches, Rule rule) {
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
