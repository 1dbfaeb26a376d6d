package dev.lookout.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ranking rules, one row per rule and steer: what a result makes, and in which order. */
class RiskRulesTest {
  /** The config every row's target comes from: impact and labels steer the rules. */
  static final Map<String, Target> TARGETS =
      targets(
          """
          targets:
            - {name: checkout, http: {url: "http://127.0.0.1:1/"}}
            - {name: account, labels: {flow: login}, http: {url: "http://127.0.0.1:1/"}}
            - {name: api, http: {url: "http://127.0.0.1:1/"}}
            - {name: search, impact: blocker, http: {url: "http://127.0.0.1:1/"}}
            - {name: blog, impact: low, http: {url: "http://127.0.0.1:1/"}}
            - {name: admin, impact: high, http: {url: "http://127.0.0.1:1/"}}
            - {name: internal-dns, labels: {customer_facing: "false"}, dns: {name: db.internal, types: [A], resolvers: ["127.0.0.1:1"]}, expect: {A: [10.0.0.1]}}
          """);

  static Stream<Arguments> rows() {
    return Stream.of(
        row(
            "checkout down",
            r("checkout", "http", false, f("status", "status 500, expected 2xx")),
            "blocker flow_down"),
        row(
            "a flow: login label is critical",
            r("account", "http", false, f("reachable", "connect refused")),
            "blocker flow_down"),
        row(
            "other targets down are risks",
            r("api", "http", false, f("status", "status 500, expected 2xx")),
            "risk target_failing"),
        row(
            "impact: blocker makes any failure a blocker",
            r("search", "http", false, f("status", "status 503")),
            "blocker flow_down"),
        row(
            "slow checkout is slow, not down",
            r("checkout", "http", false, f("p95_below", "p95 900 ms, expected below 300 ms")),
            "risk slow"),
        row(
            "impact: blocker makes slowness a blocker",
            r("search", "http", false, f("p95_below", "p95 900 ms")),
            "blocker slow"),
        row(
            "certificate within 7 days, finding taken",
            r(
                "api",
                "tls",
                false,
                Map.of("cert_days_left", 5L),
                f("days_left_above", "5 days left")),
            "blocker cert_expiring"),
        row(
            "expired certificate",
            r("api", "http", false, Map.of("cert_days_left", -2L), f("cert_days_above", "expired")),
            "blocker cert_expiring"),
        row(
            "certificate 7-21 days out on a healthy target",
            r("api", "http", true, Map.of("cert_days_left", 15L)),
            "risk cert_renew_soon"),
        row(
            "certificate 7 days out is no longer a blocker",
            r("api", "tls", true, Map.of("cert_days_left", 7L)),
            "risk cert_renew_soon"),
        row(
            "certificate 30 days out is fine",
            r("api", "http", true, Map.of("cert_days_left", 30L)),
            ""),
        row(
            "untrusted certificate",
            r("api", "tls", false, f("chain_trusted", "chain not trusted")),
            "blocker cert_untrusted"),
        row(
            "wrong name on the certificate",
            r("api", "tls", false, f("hostname_match", "name does not match")),
            "blocker cert_untrusted"),
        row(
            "impact: low never blocks",
            r(
                "blog",
                "tls",
                false,
                Map.of("cert_days_left", 3L),
                f("days_left_above", "3 days left")),
            "risk cert_expiring"),
        row(
            "DMARC missing",
            mail(
                "fail\tdmarc\tno DMARC record (no TXT record starting with v=DMARC1)\tpublish one"),
            "blocker mail_auth_broken"),
        row(
            "SPF permerror",
            mail("fail\tspf\t11 DNS lookups, more than the 10 allowed\tflatten includes"),
            "blocker mail_auth_broken"),
        row(
            "revoked DKIM key",
            mail(
                "fail\tdkim\tselector s1: the key is revoked (empty p=)\tsign with a current selector"),
            "blocker mail_auth_broken"),
        row(
            "DMARC p=none is a risk",
            mail(
                "warn\tdmarc\tp=none: receivers deliver mail that fails DMARC\tmove to p=quarantine"),
            "risk mail_auth_weak"),
        row(
            "a short DKIM key is a risk",
            mail("warn\tdkim\tselector s1: RSA key of 1024 bits\trotate"),
            "risk mail_auth_weak"),
        row(
            "mail findings from an agent without detail",
            r("mail", "email_auth", false, f("dmarc", "DMARC fail: no DMARC record")),
            "blocker mail_auth_broken"),
        row(
            "DNS drift on a customer-facing name",
            r("www", "dns", false, f("records", "A: 192.0.2.99 unexpected")),
            "risk dns_drift"),
        row(
            "resolvers disagree",
            r("www", "dns", false, f("agreement", "1.1.1.1 and 9.9.9.9 disagree")),
            "risk dns_drift"),
        row(
            "queue toward its limit",
            r("jobs", "queue", false, f("time_to_limit_above", "full in 12 min")),
            "risk queue_growing"),
        row(
            "too few consumers",
            r("jobs", "queue", false, f("consumers_at_least", "0 consumers")),
            "risk queue_growing"),
        row(
            "mixed content (launch checks)",
            r("home", "web", false, f("mixed_content", "2 insecure assets")),
            "risk web_hygiene"),
        row(
            "a broken old URL (redirects)",
            r("old", "redirects", false, f("redirect_chain", "/pricing answers 404")),
            "risk web_hygiene"),
        row(
            "a type the rules do not know ranks by its findings",
            r("inbox", "mail_delivery", false, f("delivered", "not delivered in 5 min")),
            "risk target_failing"),
        row(
            "no result yet",
            new TargetResult(
                "api",
                "http",
                null,
                null,
                List.of(),
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                List.of(),
                Map.of()),
            "risk no_result"),
        row("healthy and quiet", r("api", "http", true), ""),
        row(
            "two rules on one target",
            r(
                "api",
                "http",
                false,
                Map.of("cert_days_left", 10L),
                f("p95_below", "slow"),
                f("status", "status 500")),
            "risk slow, risk cert_renew_soon, risk target_failing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void eachResultMakesTheRisksItsRulesSay(String why, TargetResult result, String expected) {
    List<String> got = new ArrayList<>();
    for (Risk k : RiskRules.rank(List.of(result), TARGETS)) {
      got.add(k.level().word() + " " + k.rule().key());
    }
    assertThat(String.join(", ", got)).as(why).isEqualTo(expected);
  }

  @Test
  void blockersComeFirstThenImpactThenRuleThenUrgency() {
    List<TargetResult> results =
        List.of(
            r("blog", "http", false, f("status", "status 500")),
            r("www", "dns", false, f("records", "A drifted")),
            r("api", "tls", true, Map.of("cert_days_left", 20L)),
            r("admin", "http", false, f("p95_below", "slow")),
            r("api2", "tls", true, Map.of("cert_days_left", 9L)),
            r(
                "mail",
                "email_auth",
                true,
                Map.of("mail_findings", List.of("warn\tdmarc\tp=none\tmove on"))),
            r("search", "tls", false, Map.of("cert_days_left", 6L), f("days_left_above", "6 days")),
            r("checkout", "http", false, f("status", "status 500")),
            r("shop", "tls", false, Map.of("cert_days_left", 2L), f("days_left_above", "2 days")),
            r("internal-dns", "dns", false, f("records", "A drifted")));
    List<String> order =
        RiskRules.rank(results, TARGETS).stream()
            .map(k -> k.level().word() + " " + k.rule().key() + " " + k.target())
            .toList();
    assertThat(order)
        .containsExactly(
            "blocker cert_expiring search",
            "blocker flow_down checkout",
            "blocker cert_expiring shop",
            "risk slow admin",
            "risk dns_drift internal-dns",
            "risk dns_drift www",
            "risk mail_auth_weak mail",
            "risk cert_renew_soon api2",
            "risk cert_renew_soon api",
            "risk target_failing blog");
  }

  @Test
  void eachRiskSaysWhoIsHurtWhatWasSeenAndTheFix() {
    Risk k =
        RiskRules.rank(
                List.of(
                    r(
                        "api",
                        "tls",
                        false,
                        Map.of("cert_days_left", 5L),
                        f("days_left_above", "5 days left"))),
                TARGETS)
            .get(0);
    assertThat(k.what()).isEqualTo("Certificate expires in 5 days");
    assertThat(k.whoIsHurt()).contains("every visitor");
    assertThat(k.observed()).isEqualTo("5 days left");
    assertThat(k.expected()).isEqualTo("more than 21 days");
    assertThat(k.fix()).startsWith("Renew the certificate now");
  }

  static Arguments row(String why, TargetResult r, String expected) {
    return Arguments.of(why, r, expected);
  }

  static Finding f(String expectation, String message) {
    return new Finding(expectation, message);
  }

  static TargetResult r(String name, String type, boolean healthy, Finding... findings) {
    return r(name, type, healthy, Map.of(), findings);
  }

  static TargetResult r(
      String name, String type, boolean healthy, Map<String, Object> fields, Finding... findings) {
    return new TargetResult(
        name, type, healthy, null, List.of(findings), 1, 0.1, 0.1, 0.1, List.of(), fields);
  }

  static TargetResult mail(String findingLine) {
    boolean fails = findingLine.startsWith("fail");
    List<Finding> findings =
        fails ? List.of(f(findingLine.split("\t")[1], findingLine)) : List.of();
    return new TargetResult(
        "mail",
        "email_auth",
        !fails,
        null,
        findings,
        1,
        0.1,
        0.1,
        0.1,
        List.of(),
        Map.of("mail_findings", List.of(findingLine)));
  }

  static Map<String, Target> targets(String yaml) {
    try {
      Config c = new ConfigLoader(k -> null).parse("test.yaml", Path.of("."), yaml);
      Map<String, Target> out = new LinkedHashMap<>();
      c.targets().forEach(t -> out.put(t.name(), t));
      return out;
    } catch (dev.lookout.config.ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
