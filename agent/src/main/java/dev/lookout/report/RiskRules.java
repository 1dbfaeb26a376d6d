package dev.lookout.report;

import dev.lookout.check.dns.DnsCheck;
import dev.lookout.config.Impact;
import dev.lookout.config.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The ranking rules of the launch-readiness report: the rules and their order here, what each takes
 * and says in {@link RiskJudge}. Each failing result is matched against the rules in {@link Rule}
 * order (that order is business impact); each rule takes the findings it explains, and whatever is
 * left becomes "down" for a critical flow or "failing" for anything else, so a new check type ranks
 * by its findings before anyone writes a rule for it.
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
    RiskJudge j =
        new RiskJudge(
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
}
