package dev.lookout.check.http;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.Judgement;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.SimpleResolver;

/**
 * The http check's page expectations against real https servers on loopback, with a test CA: mixed
 * content, HSTS, required headers, asset caching and compression, exposed files, and hostile HTML.
 */
class PageChecksTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static final String SECRET = "postgres://app:hunter2-s3cret@db.internal/app";
  static final Authority ROOT = TestCertificates.root("Page Root");
  static final Issued LEAF = ROOT.leaf("127.0.0.1");
  // Built once here: a test server that built 10 MB per request would hold its own event loop.
  static final Buffer DEEP = Buffer.buffer(deep());
  static final Buffer ATTRIBUTES = Buffer.buffer(attributes());
  static Path caFile;
  static HttpServer site;
  static HttpServer leaky;
  static HttpServer spa;
  static HttpProbe probe;

  @BeforeAll
  static void start() throws IOException {
    caFile = Files.createTempFile("page-ca", ".pem");
    Files.writeString(caFile, ROOT.pem());
    site = https(PageChecksTest::site);
    leaky = https(PageChecksTest::leaky);
    spa = https(r -> html(r, "<!doctype html><html><body><div id=app></div></body></html>"));
    probe =
        new HttpProbe(
            loop.vertx(),
            HostResolver.using(new SimpleResolver(new InetSocketAddress("127.0.0.1", 9))),
            "Lookout/test");
  }

  @AfterAll
  static void stop() throws IOException {
    Files.deleteIfExists(caFile);
  }

  static HttpServer https(Handler<HttpServerRequest> handler) {
    return TestServers.http(
        loop.vertx(),
        new HttpServerOptions()
            .setHost("127.0.0.1")
            .setSsl(true)
            .setKeyCertOptions(LEAF.keyCertOptions()),
        handler);
  }

  static void html(HttpServerRequest r, String body) {
    r.response().putHeader("Content-Type", "text/html; charset=utf-8").end(body);
  }

  static void site(HttpServerRequest r) {
    switch (r.path()) {
      case "/mixed" ->
          html(
              r,
              "<!doctype html><html><head>"
                  + "<script src=\"http://cdn.example.test/app.js\"></script>"
                  + "<link rel=stylesheet href=\"https://cdn.example.test/ok.css\">"
                  + "</head><body>"
                  + "<img src=\"http://img.example.test/logo.png\">"
                  + "<img src=\"/ok.png\" srcset=\"/ok-2x.png 2x, http://img.example.test/hero-3x.png 3x\">"
                  + "</body></html>");
      case "/clean" ->
          html(
              r,
              "<!doctype html><html><head><script src=\"/app.js\"></script>"
                  + "<script src=\"//cdn.example.test/lib.js\"></script></head>"
                  + "<body><img src=\"https://img.example.test/logo.png\">"
                  + "<a href=\"http://example.test/\">a link is not a subresource</a></body></html>");
      case "/hsts-short" -> {
        r.response().putHeader("Strict-Transport-Security", "max-age=3600");
        html(r, "<p>short</p>");
      }
      case "/hsts-good" -> {
        r.response()
            .putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
            .putHeader("Content-Security-Policy", "default-src 'self'");
        html(r, "<p>good</p>");
      }
      case "/hsts-no-subdomains" -> {
        r.response().putHeader("Strict-Transport-Security", "max-age=31536000");
        html(r, "<p>no subdomains</p>");
      }
      case "/assets" ->
          html(
              r,
              "<!doctype html><html><head>"
                  + "<link rel=stylesheet href=\"/static/site.css\">"
                  + "<script src=\"/static/app.3f9a2b1c.js\"></script>"
                  + "<script src=\"/static/vendor.9e8d7c6b.js\"></script>"
                  + "<link rel=icon href=\"/favicon.png\">"
                  + "</head><body><img src=\"/static/missing.png\"></body></html>");
      case "/static/site.css" ->
          r.response().putHeader("Content-Type", "text/css").end("body{color:red}");
      case "/static/app.3f9a2b1c.js" ->
          r.response()
              .putHeader("Content-Type", "application/javascript")
              .putHeader("Cache-Control", "public, max-age=31536000, immutable")
              .putHeader("Content-Encoding", "gzip")
              .end(gzip("console.log(1)"));
      case "/static/vendor.9e8d7c6b.js" ->
          r.response()
              .putHeader("Content-Type", "application/javascript")
              .putHeader("Cache-Control", "public, max-age=3600")
              .putHeader("Content-Encoding", "gzip")
              .end(gzip("console.log(2)"));
      case "/favicon.png" ->
          r.response()
              .putHeader("Content-Type", "image/png")
              .putHeader("Cache-Control", "max-age=2592000")
              .end(Buffer.buffer(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
      case "/api.json" ->
          r.response().putHeader("Content-Type", "application/json").end("{\"ok\":true}");
      case "/deep" -> stream(r.response().putHeader("Content-Type", "text/html"), DEEP, 0);
      case "/attributes" ->
          stream(r.response().putHeader("Content-Type", "text/html"), ATTRIBUTES, 0);
      case "/broken" ->
          html(
              r,
              "<html><body><div <img src=\"http://img.example.test/a.png\" <p>"
                  + "<script src=http://cdn.example.test/b.js></scr"
                  + "<table><tr><td><form action=http://example.test/login><<<>>>&&&;;"
                  + "<iframe src=\"http://frame.example.test/\"");
      default -> r.response().setStatusCode(404).end("not found");
    }
  }

  static void leaky(HttpServerRequest r) {
    switch (r.path()) {
      case "/" ->
          html(
              r,
              "<!doctype html><html><head><script src=\"/static/app.js\"></script></head>"
                  + "<body>shop</body></html>");
      case "/.env" ->
          r.response()
              .putHeader("Content-Type", "text/plain")
              .end(
                  "# production\nDATABASE_URL="
                      + SECRET
                      + "\nREDIS_URL=redis://cache:6379\nSECRET_KEY_BASE=0123456789abcdef\n"
                      + "STRIPE_KEY=sk_live_abc\nSMTP_HOST=mail\nSMTP_USER=app\nSMTP_PASSWORD=pw\n"
                      + "S3_BUCKET=assets\nAWS_ACCESS_KEY_ID=AKIAEXAMPLE\n"
                      + "AWS_SECRET_ACCESS_KEY=abc\nSENTRY_DSN=https://x@sentry\nAPP_ENV=production\n");
      case "/.git/HEAD" -> r.response().end("ref: refs/heads/main\n");
      case "/static/app.js" -> r.response().end("console.log(1)");
      case "/static/app.js.map" ->
          r.response()
              .putHeader("Content-Type", "application/json")
              .end("{\"version\":3,\"sources\":[\"src/app.ts\"],\"mappings\":\"AAAA\"}");
      case "/backup.zip" ->
          r.response()
              .putHeader("Content-Type", "application/zip")
              .end(Buffer.buffer(new byte[] {'P', 'K', 3, 4, 0, 0}));
      default -> r.response().setStatusCode(404).end();
    }
  }

  /**
   * Writes a big body 64 KiB at a time, each piece after the last was written: encrypting 10 MB in
   * one go would hold the test server's event loop, which the probe shares.
   */
  static void stream(HttpServerResponse response, Buffer body, int from) {
    if (from == 0) {
      response.setChunked(true);
    }
    if (from >= body.length()) {
      response.end();
      return;
    }
    int to = Math.min(body.length(), from + 64 * 1024);
    response.write(body.slice(from, to)).onComplete(ar -> stream(response, body, to));
  }

  static Buffer gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  static String deep() {
    StringBuilder b = new StringBuilder("<!doctype html><html><body>");
    b.append("<div>".repeat(200_000));
    b.append("<script src=\"http://cdn.example.test/deep.js\"></script>");
    return b.toString();
  }

  static String attributes() {
    StringBuilder b =
        new StringBuilder("<!doctype html><html><body><img src=\"http://x.test/a.png\"");
    while (b.length() < 10 * 1024 * 1024) {
      b.append(" data-a").append(b.length()).append("=\"").append("x".repeat(40)).append('"');
    }
    return b.append("></body></html>").toString();
  }

  static String url(HttpServer server, String path) {
    return "https://127.0.0.1:" + server.actualPort() + path;
  }

  static Target target(HttpServer server, String path, String expect, String extra) {
    return TestTargets.target(
        "name: page\n  http: {url: \""
            + url(server, path)
            + "\", ca_file: \""
            + caFile
            + "\""
            + extra
            + "}\n  timeout: 15s\n  expect: "
            + expect);
  }

  static ProbeResult run(Target target) {
    Promise<ProbeResult> p = Promise.promise();
    loop.vertx().getOrCreateContext().runOnContext(v -> probe.run(target).onComplete(p));
    return await(p.future(), target.timeout().plusSeconds(5));
  }

  static Judgement judge(Target target) {
    ProbeResult r = run(target);
    assertThat(r.failure()).as("probe failure").isNull();
    return CheckTypes.judge(target, r, Quantiles.EMPTY, Instant.now());
  }

  static List<String> findings(Target target) {
    return judge(target).findings().stream().map(Finding::message).toList();
  }

  @Test
  void httpImageScriptAndSrcsetOnAnHttpsPageAreMixedContent() {
    assertThat(findings(target(site, "/mixed", "{no_mixed_content: true}", "")))
        .containsExactly(
            "1 http:// script, stylesheet, frame or form on an https page (browsers block them):"
                + " http://cdn.example.test/app.js",
            "2 http:// images or media files on an https page (it will show as 'not secure'):"
                + " http://img.example.test/logo.png, http://img.example.test/hero-3x.png");
  }

  @Test
  void aPageWithOnlyHttpsSubresourcesHasNoMixedContent() {
    assertThat(findings(target(site, "/clean", "{no_mixed_content: true}", ""))).isEmpty();
  }

  @Test
  void missingHstsSaysWhatToSet() {
    assertThat(
            findings(
                target(site, "/clean", "{hsts: {min_age: 180d, include_subdomains: true}}", "")))
        .containsExactly(
            "no Strict-Transport-Security header: set \"Strict-Transport-Security:"
                + " max-age=15552000; includeSubDomains\"");
  }

  @Test
  void shortHstsSaysHowLongToMakeIt() {
    assertThat(findings(target(site, "/hsts-short", "{hsts: {min_age: 180d}}", "")))
        .containsExactly(
            "Strict-Transport-Security max-age=3600 (1 h) is shorter than 180 d: set"
                + " \"Strict-Transport-Security: max-age=15552000\"");
  }

  @Test
  void hstsWithoutIncludeSubDomainsIsReportedWhenAsked() {
    assertThat(
            findings(
                target(
                    site,
                    "/hsts-no-subdomains",
                    "{hsts: {min_age: 180d, include_subdomains: true}}",
                    "")))
        .containsExactly(
            "Strict-Transport-Security lacks includeSubDomains: set"
                + " \"Strict-Transport-Security: max-age=15552000; includeSubDomains\"");
  }

  @Test
  void goodHstsAndPresentHeadersPass() {
    assertThat(
            findings(
                target(
                    site,
                    "/hsts-good",
                    "{hsts: {min_age: 180d, include_subdomains: true}, headers_present:"
                        + " [Content-Security-Policy]}",
                    "")))
        .isEmpty();
  }

  @Test
  void missingSecurityHeadersAreNamed() {
    assertThat(
            findings(
                target(
                    site,
                    "/hsts-short",
                    "{headers_present: [Content-Security-Policy, X-Content-Type-Options]}",
                    "")))
        .containsExactly(
            "header Content-Security-Policy is missing",
            "header X-Content-Type-Options is missing");
  }

  @Test
  void assetsWithoutLongCachingOrCompressionAreReportedAndHashedNamesGetAHint() {
    Judgement j =
        judge(
            target(
                site, "/assets", "{assets: {cache_max_age_at_least: 7d, compressed: true}}", ""));
    assertThat(j.findings().stream().map(Finding::message))
        .containsExactly(
            "asset /static/site.css has no Cache-Control, expected at least 7 d",
            "asset /static/site.css is not compressed (no Content-Encoding), expected gzip, br or"
                + " zstd",
            "asset /static/vendor.9e8d7c6b.js is cached for 1 h (Cache-Control \"public,"
                + " max-age=3600\"), expected at least 7 d",
            "asset /static/missing.png answered 404");
    assertThat(j.detail().facts())
        .contains(
            "hint: /static/vendor.9e8d7c6b.js has a hash in its name: add \"immutable\" to its"
                + " Cache-Control")
        .noneMatch(f -> f.contains("app.3f9a2b1c.js"));
  }

  @Test
  void assetsBeyondMaxAreNotFetched() {
    assertThat(
            findings(target(site, "/assets", "{assets: {cache_max_age_at_least: 7d, max: 1}}", "")))
        .containsExactly("asset /static/site.css has no Cache-Control, expected at least 7 d");
  }

  @Test
  void aPageThatIsNotHtmlSaysSo() {
    assertThat(findings(target(site, "/api.json", "{no_mixed_content: true}", "")))
        .containsExactly(
            "the page is not HTML (Content-Type application/json), so the resources it loads"
                + " cannot be checked");
  }

  @Test
  void servedEnvGitHeadAndSourceMapAreExposedWithoutTheirValues() {
    Judgement j = judge(target(leaky, "/", "{no_exposed_files: [/backup.zip]}", ""));
    assertThat(j.findings().stream().map(Finding::message))
        .containsExactly(
            "/.env is publicly readable (12 KEY=value lines, e.g. DATABASE_URL=…)",
            "/.git/HEAD is publicly readable (a git HEAD: ref: refs/…)",
            "/backup.zip is publicly readable (6 bytes of application/zip)",
            "/static/app.js.map is publicly readable (a source map)");
    assertThat(j.toString()).doesNotContain("hunter2").doesNotContain("redis://");
  }

  @Test
  void aSinglePageAppThatAnswersEveryPathWithItsHtmlIsNotExposed() {
    assertThat(findings(target(spa, "/", "{no_exposed_files: true}", ""))).isEmpty();
  }

  @Test
  void deeplyNestedHtmlIsScannedWithinTheTimeout() {
    Target t = target(site, "/deep", "{no_mixed_content: true}", "");
    long t0 = System.nanoTime();
    List<String> found = findings(t);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(t.timeout().plusSeconds(2));
    assertThat(found)
        .containsExactly(
            "1 http:// script, stylesheet, frame or form on an https page (browsers block them):"
                + " http://cdn.example.test/deep.js");
  }

  @Test
  void tenMegabytesOfAttributesAreAFindingWithinTheTimeout() {
    Target t = target(site, "/attributes", "{no_mixed_content: true}", ", max_body: 12MiB");
    long t0 = System.nanoTime();
    List<String> found = findings(t);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(t.timeout().plusSeconds(2));
    assertThat(found)
        .hasSize(1)
        .first()
        .satisfiesAnyOf(
            f ->
                assertThat(f)
                    .isEqualTo(
                        "1 http:// image or media file on an https page (it will show as 'not"
                            + " secure'): http://x.test/a.png"),
            f ->
                assertThat(f)
                    .isEqualTo(
                        "the page's HTML could not be analysed: it did not finish within the"
                            + " timeout"));
  }

  /** As a browser would: the img is an attribute of the div, and the script never ends. */
  @Test
  void brokenMarkupIsScannedAsABrowserParsesIt() {
    assertThat(findings(target(site, "/broken", "{no_mixed_content: true}", "")))
        .containsExactly(
            "1 http:// script, stylesheet, frame or form on an https page (browsers block them):"
                + " http://cdn.example.test/b.js");
  }

  @Test
  void anHttpPageCannotMeetHstsOrMixedContent() {
    HttpServer plain =
        TestServers.http(loop.vertx(), "127.0.0.1", r -> html(r, "<img src=/x.png>"));
    String u = "http://127.0.0.1:" + plain.actualPort() + "/";
    Target t =
        TestTargets.target(
            "name: page\n  http: {url: \""
                + u
                + "\"}\n  timeout: 15s\n  expect: {no_mixed_content: true, hsts: {min_age: 1d}}");
    assertThat(findings(t))
        .containsExactly(
            u
                + " is served over http, where browsers ignore Strict-Transport-Security: serve it"
                + " over https and set \"Strict-Transport-Security: max-age=86400\"",
            u + " is served over http, not https: everything it loads is insecure");
  }
}
