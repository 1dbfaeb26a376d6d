package dev.lookout.check.flow;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookout.check.Judgement;
import dev.lookout.checks.CheckTypes;
import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The flow check against a shop on loopback: logins, cookies, CSRF, cleanup, timeouts. */
class FlowProbeTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static Shop shop;
  static FlowProbe probe;
  static Context context;

  @BeforeAll
  static void start() {
    // First use loads Jackson and jsoup: a one-time cost, paid here rather than on a loop.
    new io.vertx.core.json.JsonObject("{\"warm\": [1]}").encode();
    org.jsoup.Jsoup.parse("<p>warm</p>").selectFirst("p");
    shop = new Shop(loop.vertx());
    probe = new FlowProbe(loop.vertx(), HostResolver.system(), "Lookout/test");
    context = loop.vertx().getOrCreateContext();
  }

  @AfterAll
  static void stop() {
    probe.close();
    shop.close();
  }

  @BeforeEach
  void reset() {
    shop.record.clear();
    shop.token = Shop.TOKEN;
  }

  /** Login (JSON token, session cookie), an HTML page with the CSRF value, the cart, cleanup. */
  static String checkout(String login, String password) {
    return """
        targets:
          - name: shop
            timeout: 5s
            flow:
              steps:
                - name: login
                  http:
                    url: "BASE%s"
                    method: POST
                    headers: {Content-Type: application/json}
                    body: '{"user": "u", "password": "%s"}'
                  expect: {status: [200]}
                  extract:
                    token: {json: /token}
                    session: {cookie: session}
                    type: {header: Content-Type}
                - name: form
                  http: {url: "BASE/form"}
                  extract:
                    csrf: {html: 'input[name=csrf]', attribute: value}
                    csrf_again: {regex: 'name="csrf" value="([^"]+)"'}
                - name: add-to-cart
                  http:
                    url: "BASE/cart"
                    method: POST
                    headers: {Authorization: "Bearer {{token}}", X-CSRF: "{{csrf}}"}
                    body: '{"sku": "TEST-1", "csrf": "{{csrf_again}}"}'
                  expect: {status: [201], json: {/items/0/sku: TEST-1}}
                - name: empty-cart
                  always: true
                  http: {url: "BASE/cart", method: DELETE, headers: {Authorization: "Bearer {{token}}"}}
        """
        .formatted(login, password);
  }

  static Target target(String yaml) {
    return TestTargets.targets(yaml.replace("BASE", shop.url(""))).get(0);
  }

  static ProbeResult run(Target target) {
    Promise<ProbeResult> p = Promise.promise();
    context.runOnContext(v -> probe.run(target).onComplete(p));
    return await(p.future(), Duration.ofSeconds(20));
  }

  static Judgement judge(Target target, ProbeResult result) {
    return CheckTypes.judge(target, result, Quantiles.EMPTY, Instant.now());
  }

  static List<String> findings(Judgement j) {
    return j.findings().stream().map(Finding::message).toList();
  }

  @Test
  void aPassingRunCarriesTheTokenTheSessionCookieAndTheCsrfValue() {
    Target t = target(checkout("/login", "right"));
    ProbeResult r = run(t);
    Judgement j = judge(t, r);

    assertThat(findings(j)).isEmpty();
    assertThat(r.answered()).isTrue();
    assertThat(shop.record)
        .containsExactly(
            "POST /login cookie=null auth=null csrf=null",
            "GET /form cookie=session=s3ss10n auth=null csrf=null",
            "POST /cart cookie=session=s3ss10n auth=Bearer t0k3n-abc csrf=csrf-123",
            "DELETE /cart cookie=session=s3ss10n auth=Bearer t0k3n-abc csrf=null");
    assertThat(j.detail().facts()).hasSize(4).first().asString().startsWith("1 login: 200 in ");
    assertThat(j.detail().facts().get(3)).startsWith("4 empty-cart (always): 204 in ");
  }

  @Test
  void aWrongPasswordFailsStepOneAndTheCleanupStillRuns() {
    Target t = target(checkout("/login", "wrong"));
    Judgement j = judge(t, run(t));

    assertThat(findings(j)).containsExactly("step 1 of 4 \"login\": status 401, expected 200");
    assertThat(shop.record)
        .containsExactly(
            "POST /login cookie=null auth=null csrf=null",
            "DELETE /cart cookie=null auth=Bearer csrf=null");
    assertThat(j.detail().facts())
        .containsExactly(
            j.detail().facts().get(0),
            "2 form: not run: an earlier step failed",
            "3 add-to-cart: not run: an earlier step failed",
            j.detail().facts().get(3));
    assertThat(j.detail().facts().get(0)).startsWith("1 login: failed with 401 in ");
  }

  @Test
  void aLaterStepFailureNamesTheStepAndWhatCameBefore() {
    String yaml = checkout("/login", "right").replace("X-CSRF: \"{{csrf}}\"", "X-CSRF: \"forged\"");
    Target t = target(yaml);
    Judgement j = judge(t, run(t));

    assertThat(findings(j)).hasSize(1);
    assertThat(findings(j).get(0))
        .matches(
            "step 3 of 4 \"add-to-cart\": status 401, expected 201; /items/0/sku not found in"
                + " response \\(after \"form\" answered 200 in [0-9.]+ ms\\)")
        .doesNotContain(Shop.TOKEN);
  }

  @Test
  void aCookieScopedToAnotherPathIsNotSent() {
    String yaml =
        checkout("/login", "right")
            .replace(
                "        - name: form\n",
                "        - name: admin\n"
                    + "          http: {url: \"BASE/admin/panel\"}\n"
                    + "          expect: {status: [404]}\n"
                    + "        - name: form\n");
    Target t = target(yaml);
    assertThat(findings(judge(t, run(t)))).isEmpty();
    assertThat(shop.record)
        .contains(
            "GET /admin/panel cookie=session=s3ss10n; admin=yes auth=null csrf=null"
                .replace("session=s3ss10n; admin=yes", "admin=yes; session=s3ss10n"),
            "GET /form cookie=session=s3ss10n auth=null csrf=null");
  }

  @Test
  void anExtractionThatFindsNothingFailsTheStep() {
    shop.token = null;
    Target t = target(checkout("/login", "right"));
    Judgement j = judge(t, run(t));

    assertThat(findings(j))
        .containsExactly("step 1 of 4 \"login\": no value for \"token\" at /token");
    assertThat(shop.record).last().asString().startsWith("DELETE /cart");
  }

  @Test
  void aRedirectingLoginSetsTheCookieOnThePageItLeadsTo() {
    Target t = target(checkout("/login-redirect", "right"));
    ProbeResult r = run(t);
    assertThat(findings(judge(t, r))).isEmpty();
    assertThat(shop.record)
        .startsWith(
            "POST /login-redirect cookie=null auth=null csrf=null",
            "POST /welcome cookie=null auth=null csrf=null",
            "GET /form cookie=session=s3ss10n auth=null csrf=null");
  }

  @Test
  void theFlowsTimeoutBoundsEveryStep() {
    String yaml =
        checkout("/login", "right")
            .replace("timeout: 5s", "timeout: 1s")
            .replace("url: \"BASE/form\"", "url: \"BASE/slow\"");
    Target t = target(yaml);
    ProbeResult r = run(t);
    Judgement j = judge(t, r);

    assertThat(r.answered()).isFalse();
    assertThat(r.duration()).isLessThan(Duration.ofMillis(1000 + 1500));
    assertThat(findings(j)).hasSize(1);
    assertThat(findings(j).get(0))
        .startsWith("step 2 of 4 \"form\": the flow's timeout of 1 s ran out (")
        .contains("within")
        .contains("(after \"login\" answered 200 in ");
    assertThat(r.failure()).isEqualTo(findings(j).get(0));
    assertThat(j.detail().facts().get(3))
        .isEqualTo("4 empty-cart (always): not run: the flow's timeout of 1 s ran out");
  }

  @Test
  void aStepsOwnTimeoutLeavesTimeForTheCleanup() {
    String yaml =
        checkout("/login", "right")
            .replace(
                "http: {url: \"BASE/form\"}",
                "timeout: 300ms\n          http: {url: \"BASE/slow\"}");
    Target t = target(yaml);
    Judgement j = judge(t, run(t));

    assertThat(findings(j).get(0)).startsWith("step 2 of 4 \"form\": ").contains("300 ms");
    assertThat(shop.record).last().asString().startsWith("DELETE /cart");
  }

  @Test
  void stepGaugesShowTheLastRun() {
    Target t = target(checkout("/login", "wrong"));
    CheckTypes.Bound bound = CheckTypes.bind(t);
    bound.judge(run(t), Quantiles.EMPTY, Instant.now(), System.nanoTime());
    List<String> seen = new ArrayList<>();
    bound.gauges(
        (name, help, value, labels) ->
            seen.add(name + "{" + String.join("=", labels) + "} " + value));
    assertThat(seen)
        .contains(
            "lookout_flow_step_success{step=login} 0.0",
            "lookout_flow_step_success{step=form} 0.0",
            "lookout_flow_step_duration_seconds{step=form} NaN",
            "lookout_flow_step_success{step=empty-cart} 1.0");
    assertThat(
            seen.stream()
                .filter(s -> s.startsWith("lookout_flow_step_duration_seconds{step=login}")))
        .singleElement()
        .asString()
        .doesNotContain("NaN");
  }

  @Test
  void anUnknownNameIsAConfigErrorAtItsLineAndColumn() {
    String yaml =
        """
        targets:
          - name: shop
            flow:
              steps:
                - name: login
                  http: {url: "http://127.0.0.1:1/login", method: POST}
                  extract:
                    token: {json: /token}
                - name: cart
                  http:
                    url: "http://127.0.0.1:1/cart"
                    headers: {Authorization: "Bearer {{tokn}}"}
                    body: "{{later}}"
                - name: last
                  http: {url: "http://127.0.0.1:1/"}
                  extract:
                    later: {header: X-Later}
        """;
    assertThatThrownBy(() -> new ConfigLoader(name -> null).parse("test.yaml", Path.of("."), yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "test.yaml:12:38: target \"shop\".flow.steps[1].http.headers.Authorization: no earlier"
                + " step extracts \"tokn\" for {{tokn}} (did you mean {{token}}?)\n"
                + "test.yaml:13:19: target \"shop\".flow.steps[1].http.body: no earlier step"
                + " extracts \"later\" for {{later}} (earlier steps extract: token)");
  }
}
