package dev.lookout.check.redirects;

import static dev.lookout.testing.TestCertificates.days;
import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.Judgement;
import dev.lookout.check.TargetCheck;
import dev.lookout.check.http.HttpRequests;
import dev.lookout.checks.CheckTypes;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestCertificates;
import dev.lookout.testing.TestCertificates.Authority;
import dev.lookout.testing.TestCertificates.Issued;
import dev.lookout.testing.TestServers;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.SimpleResolver;

/**
 * The redirects check against real servers on loopback: a canonical https site, an https apex whose
 * certificate expires soon, and a plain http apex, each redirecting the way launches get wrong.
 */
class RedirectsCheckTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static final Authority ROOT = TestCertificates.root("Redirect Root");
  static final Issued WWW = ROOT.leaf("127.0.0.1");
  static final Issued APEX = ROOT.leaf(days(-80), days(10).plus(Duration.ofHours(1)), "127.0.0.1");
  static final List<String> probeHeaders = new CopyOnWriteArrayList<>();
  static Path caFile;
  static HttpServer www;
  static HttpServer apex;
  static HttpServer plain;
  static RedirectsProbe probe;

  @BeforeAll
  static void start() throws IOException {
    caFile = Files.createTempFile("redirect-ca", ".pem");
    Files.writeString(caFile, ROOT.pem());
    www = https(WWW, RedirectsCheckTest::www);
    apex = https(APEX, r -> redirect(r, 301, "https://127.0.0.1:" + www.actualPort() + "/"));
    plain =
        TestServers.http(
            loop.vertx(),
            "127.0.0.1",
            r -> redirect(r, 301, "https://127.0.0.1:" + apex.actualPort() + "/"));
    probe =
        new RedirectsProbe(
            new HttpRequests(
                loop.vertx(),
                HostResolver.using(new SimpleResolver(new InetSocketAddress("127.0.0.1", 9))),
                "Lookout/test"));
  }

  @AfterAll
  static void stop() throws IOException {
    probe.close();
    Files.deleteIfExists(caFile);
  }

  static HttpServer https(Issued cert, Handler<HttpServerRequest> handler) {
    return TestServers.http(
        loop.vertx(),
        new HttpServerOptions()
            .setHost("127.0.0.1")
            .setSsl(true)
            .setKeyCertOptions(cert.keyCertOptions()),
        handler);
  }

  /** Redirects to {@code to}, keeping the request's query. */
  static void redirect(HttpServerRequest r, int status, String to) {
    String q = r.query() == null ? "" : "?" + r.query();
    r.response().setStatusCode(status).putHeader("Location", to + q).end();
  }

  static void www(HttpServerRequest r) {
    probeHeaders.add(String.valueOf(r.getHeader("X-Probe")));
    switch (r.path()) {
      case "/", "/sale", "/pricing-new", "/blog/", "/new" -> r.response().end("ok");
      case "/spring-sale" -> r.response().setStatusCode(302).putHeader("Location", "/sale").end();
      case "/pricing.html" -> redirect(r, 301, "/pricing-new");
      case "/loop-a" -> redirect(r, 301, "/loop-b");
      case "/loop-b" -> redirect(r, 301, "/loop-a");
      case "/kept" -> redirect(r, 308, "/new");
      default -> r.response().setStatusCode(404).end();
    }
  }

  static String https(HttpServer s) {
    return "https://127.0.0.1:" + s.actualPort() + "/";
  }

  static String http(HttpServer s) {
    return "http://127.0.0.1:" + s.actualPort() + "/";
  }

  static Target target(String block, String expect) {
    return TestTargets.target(
        "name: canonical\n  redirects: {canonical: \""
            + https(www)
            + "\", ca_file: \""
            + caFile
            + "\", "
            + block
            + "}\n  timeout: 20s\n  expect: "
            + expect);
  }

  static ProbeResult run(Target target) {
    Promise<ProbeResult> p = Promise.promise();
    loop.vertx().getOrCreateContext().runOnContext(v -> probe.run(target).onComplete(p));
    return await(p.future(), target.timeout().plusSeconds(5));
  }

  static String date(Issued i) {
    return LocalDate.ofInstant(i.cert().getNotAfter().toInstant(), ZoneOffset.UTC).toString();
  }

  @Test
  void everyEntryPointAndOldPathIsWalkedAndJudged() {
    Target t =
        target(
            "from: [\""
                + http(plain)
                + "\", \""
                + https(apex)
                + "\"], max_hops: 1, permanent: true, keep_query: true, headers: {X-Probe:"
                + " lookout}, paths: {\"/spring-sale\": \"/sale\", \"/pricing.html\": \"/pricing\","
                + " \"/blog/\": \"/blog/\", \"/old-campaign\": \"/campaign\", \"/loop-a\":"
                + " \"/somewhere\", \"/kept\": \"/new\"}",
            "{cert_days_above: 30}");
    probeHeaders.clear();
    ProbeResult r = run(t);
    Judgement j = CheckTypes.judge(t, r, Quantiles.EMPTY, Instant.now());
    List<String> found = j.findings().stream().map(Finding::message).toList();

    assertThat(found).hasSize(7);
    assertThat(found.get(0))
        .matches(
            java.util.regex.Pattern.quote(
                    http(plain)
                        + " → "
                        + https(apex)
                        + " → "
                        + https(www)
                        + ": 2 hops, expected at most 1 (adds ")
                + "\\d+ ms\\)");
    assertThat(found.subList(1, 7))
        .containsExactly(
            "127.0.0.1 on 127.0.0.1:"
                + apex.actualPort()
                + ": certificate expires in 10 days ("
                + date(APEX)
                + "), expected more than 30 days",
            "/spring-sale answered 302 (temporary), expected a permanent redirect",
            "query string dropped: /spring-sale?utm_source=lookout → /sale",
            "/pricing.html → /pricing-new, expected /pricing",
            "/old-campaign answered 404",
            "/loop-a → /loop-b: redirect loop back to /loop-a");
    assertThat(probeHeaders).isNotEmpty().containsOnly("lookout");
    assertThat(gauges(t, r))
        .contains(
            "lookout_redirect_hops from=" + http(plain) + " 2.0",
            "lookout_redirect_ok from=" + http(plain) + " 0.0",
            "lookout_redirect_hops from=" + https(apex) + " 1.0",
            "lookout_redirect_ok from=" + https(apex) + " 0.0",
            "lookout_redirect_hops from=/blog/ 0.0",
            "lookout_redirect_ok from=/blog/ 1.0",
            "lookout_redirect_hops from=/kept 1.0",
            "lookout_redirect_ok from=/kept 1.0",
            "lookout_redirect_ok from=/spring-sale 0.0",
            "lookout_redirect_ok from=/old-campaign 0.0");
  }

  @Test
  void aChainThatMeetsEveryRulePasses() {
    Target t =
        target(
            "from: [\"" + https(apex) + "\"], max_hops: 1, permanent: true, keep_query: true",
            "{}");
    assertThat(CheckTypes.judge(t, run(t), Quantiles.EMPTY, Instant.now()).findings()).isEmpty();
  }

  @Test
  void theRedirectLimitIsTheHttpChecksMaxRedirects() {
    Target t = target("from: [\"" + http(plain) + "\"], max_redirects: 1", "{}");
    assertThat(
            CheckTypes.judge(t, run(t), Quantiles.EMPTY, Instant.now()).findings().stream()
                .map(Finding::message))
        .containsExactly(
            http(plain)
                + " → "
                + https(apex)
                + ": stopped after 1 redirect (max_redirects); next was "
                + https(www));
  }

  @Test
  void anEntryPointThatDoesNotAnswerNamesThePeer() {
    int closed = TestServers.closedPort();
    Target t = target("from: [\"http://127.0.0.1:" + closed + "/\"]", "{}");
    assertThat(
            CheckTypes.judge(t, run(t), Quantiles.EMPTY, Instant.now()).findings().stream()
                .map(Finding::message))
        .containsExactly(
            "http://127.0.0.1:" + closed + "/: connect to 127.0.0.1:" + closed + " refused");
  }

  @Test
  void userInfoInAnEntryPointReachesNoFindingAndNoLabel() {
    int closed = TestServers.closedPort();
    Target t = target("from: [\"http://ops:hunter2@127.0.0.1:" + closed + "/\"]", "{}");
    ProbeResult r = run(t);
    Judgement j = CheckTypes.judge(t, r, Quantiles.EMPTY, Instant.now());
    assertThat(j.findings().stream().map(Finding::message))
        .containsExactly(
            "http://127.0.0.1:" + closed + "/: connect to 127.0.0.1:" + closed + " refused");
    assertThat(gauges(t, r))
        .containsExactly(
            "lookout_redirect_hops from=http://127.0.0.1:" + closed + "/ NaN",
            "lookout_redirect_ok from=http://127.0.0.1:" + closed + "/ 0.0");
    assertThat(j.toString()).doesNotContain("hunter2");
  }

  @Test
  void anEntryPointLandingElsewhereIsReported() {
    Target t =
        TestTargets.target(
            "name: canonical\n  redirects: {canonical: \""
                + https(www)
                + "other\", ca_file: \""
                + caFile
                + "\", from: [\""
                + https(apex)
                + "\"]}\n  timeout: 20s");
    assertThat(
            CheckTypes.judge(t, run(t), Quantiles.EMPTY, Instant.now()).findings().stream()
                .map(Finding::message))
        .containsExactly(https(apex) + " → " + https(www) + ", expected " + https(www) + "other");
  }

  static List<String> gauges(Target t, ProbeResult r) {
    TargetCheck<RedirectsObservation> target =
        new RedirectsType().target(t, (RedirectsCheck) t.check());
    target.judge(r, (RedirectsObservation) r.observation(), Quantiles.EMPTY, Instant.now(), 0);
    List<String> out = new ArrayList<>();
    target.gauges(
        (name, help, value, labels) ->
            out.add(name + " " + labels[0] + "=" + labels[1] + " " + value));
    return out;
  }
}
