package dev.lookout.web;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.probe.HostResolver;
import dev.lookout.runtime.Agent;
import dev.lookout.testing.TestServers;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The status page, its assets and {@code /api/status} served by a running agent, with and without
 * auth.
 */
class StatusServerTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static HttpServer site;
  static Agent open;
  static Agent guarded;
  static HttpClientAgent client;

  @BeforeAll
  static void start() throws Exception {
    site =
        TestServers.http(
            loop.vertx(),
            "127.0.0.1",
            req -> {
              if (req.path().equals("/ok")) {
                req.response().end("all good");
              } else {
                req.response().setStatusCode(503).end("down <script>alert(1)</script>");
              }
            });
    String targets =
        """
        defaults: {interval: 200ms, timeout: 1s, alert: {after: 2, resolve_after: 1}}
        targets:
          - name: healthy
            http: {url: "BASE/ok?key=query-secret", headers: {Authorization: "Bearer top-secret-token"}}
            expect: {status: [200]}
          - name: broken
            http: {url: "BASE/down"}
            expect: {status: [200]}
        """
            .replace("BASE", "http://127.0.0.1:" + site.actualPort());
    Config plain =
        TestTargets.config("agent: {listen: \"127.0.0.1:0\", labels: {env: test}}\n" + targets);
    open = new Agent(loop.vertx(), plain, HostResolver.system(), "9.9.9", Clock.systemUTC());
    await(open.start(1));
    Config withAuth =
        new ConfigLoader(Map.of("PAGE_PASSWORD", "hunter2")::get)
            .parse(
                "guarded.yaml",
                Path.of("."),
                "agent: {listen: \"127.0.0.1:0\", auth: {username: ops, password:"
                    + " \"${PAGE_PASSWORD}\"}}\n"
                    + targets);
    guarded = new Agent(loop.vertx(), withAuth, HostResolver.system(), "9.9.9", Clock.systemUTC());
    await(guarded.start(1));
    client = loop.vertx().createHttpClient();
  }

  @AfterAll
  static void stop() {
    await(open.stop());
    await(guarded.stop());
  }

  /** A GET of {@code uri} from {@code agent} with {@code headers}. */
  static RequestOptions options(Agent agent, String uri, Map<String, String> headers) {
    RequestOptions o =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(agent.port())
            .setURI(uri);
    headers.forEach(o::putHeader);
    return o;
  }

  static Response get(Agent agent, String uri, Map<String, String> headers) {
    RequestOptions o = options(agent, uri, headers);
    return await(
        onLoop(
            () ->
                client
                    .request(o)
                    .compose(r -> r.send())
                    .compose(r -> r.body().map(b -> new Response(r, b.toString())))));
  }

  static <T> io.vertx.core.Future<T> onLoop(
      java.util.function.Supplier<io.vertx.core.Future<T>> exchange) {
    return TestVertx.onLoop(loop.vertx(), exchange);
  }

  record Response(HttpClientResponse r, String body) {
    int status() {
      return r.statusCode();
    }

    String header(String name) {
      return r.getHeader(name);
    }
  }

  static JsonObject statusWhen(Predicate<JsonObject> ready) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      JsonObject status = new JsonObject(get(open, "/api/status", Map.of()).body());
      if (ready.test(status)) {
        return status;
      }
      assertThat(System.nanoTime())
          .as("status never became ready: %s", status)
          .isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
  }

  static boolean settled(JsonObject s) {
    JsonArray t = s.getJsonArray("targets");
    return t.getJsonObject(0).getString("state").equals("firing")
        && Boolean.TRUE.equals(t.getJsonObject(1).getBoolean("healthy"))
        && t.getJsonObject(1).getJsonObject("latency").getJsonArray("recent_seconds").size() >= 2;
  }

  @Test
  void pageListsTheFailingTargetFirstWithItsFinding() {
    statusWhen(StatusServerTest::settled);
    Response page = get(open, "/", Map.of());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(page.body())
        .contains("<span class=\"label\">env=test</span>")
        .contains("<span class=\"label\">version 9.9.9</span>")
        .contains("2 targets: <b class=\"n-ok\">1 healthy</b>, <b class=\"n-bad\">1 failing</b>")
        .contains("<li>status 503, expected 200</li>")
        .contains("<li>HTTP 200</li>")
        .contains("<svg class=\"spark\"")
        .doesNotContain("top-secret-token");
    assertThat(page.body().indexOf("data-name=\"broken\""))
        .isPositive()
        .isLessThan(page.body().indexOf("data-name=\"healthy\""));
  }

  /**
   * The surfaces keep what they rendered between requests (and refresh it once a second), yet a
   * result the lanes hold when a request comes is in its answer: probes here come every 200 ms.
   */
  @Test
  void aResultThatArrivedBeforeARequestIsInItsAnswer() {
    statusWhen(StatusServerTest::settled);
    java.time.Instant seen = java.time.Instant.EPOCH;
    for (int round = 0; round < 4; round++) {
      java.time.Instant held = lastProbeOfHealthy();
      assertThat(held).isAfter(seen);
      JsonObject api = new JsonObject(get(open, "/api/status", Map.of()).body());
      java.time.Instant served =
          java.time.Instant.parse(
              api.getJsonArray("targets").getJsonObject(1).getString("last_probe_at"));
      assertThat(served).isAfterOrEqualTo(held);
      String row =
          org.jsoup.Jsoup.parse(get(open, "/", Map.of()).body())
              .select("tr[data-name=healthy] .since.probed")
              .attr("title");
      assertThat(java.time.Instant.parse(row)).isAfterOrEqualTo(held);
      seen = held;
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!lastProbeOfHealthy().isAfter(served)) {
        assertThat(System.nanoTime()).as("no newer probe result").isLessThan(deadline);
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
      }
    }
  }

  /** When the healthy target was last probed, as its lane holds it (not through the server). */
  static java.time.Instant lastProbeOfHealthy() {
    return await(open.statuses()).stream()
        .filter(t -> t.name().equals("healthy"))
        .findFirst()
        .orElseThrow()
        .lastProbeAt();
  }

  @Test
  void eachTargetHasItsOwnPageBehindTheSameAuth() {
    statusWhen(StatusServerTest::settled);
    Response page = get(open, "/targets/broken", Map.of());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("<h1>broken <span class=\"type\">http</span></h1>")
        .contains("<li>status 503, expected 200</li>")
        .contains("Verdict changes");
    assertThat(get(open, "/targets/no-such-target", Map.of()).status()).isEqualTo(404);
    assertThat(get(guarded, "/targets/broken", Map.of()).status()).isEqualTo(401);
  }

  @Test
  void apiStatusCarriesWhatThePageNeedsAndNoSecret() {
    JsonObject status = statusWhen(StatusServerTest::settled);
    JsonObject broken = status.getJsonArray("targets").getJsonObject(0);
    JsonObject healthy = status.getJsonArray("targets").getJsonObject(1);
    assertThat(status.getJsonObject("agent").getString("version")).isEqualTo("9.9.9");
    assertThat(status.getJsonObject("summary").encode())
        .isEqualTo(
            "{\"targets\":2,\"healthy\":1,\"failing\":1,\"waiting\":0,\"alerts\":{\"firing\":1}}");
    assertThat(broken.getString("state_since")).isNotNull();
    assertThat(broken.getJsonObject("detail").getJsonArray("facts").getString(0))
        .isEqualTo("HTTP 503");
    assertThat(healthy.getJsonObject("latency").getJsonArray("recent_seconds").getDouble(0))
        .isPositive();
    // What it checks is shown, never its query string or headers.
    assertThat(healthy.getString("checks")).matches("http://127\\.0\\.0\\.1:\\d+/ok");
    assertThat(status.encode()).doesNotContain("top-secret-token").doesNotContain("query-secret");
  }

  @Test
  void assetsHaveTheirTypesAndAreCachedByContentToken() {
    String page = get(open, "/", Map.of()).body();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("status/status\\.js\\?v=([0-9a-f]{12})").matcher(page);
    assertThat(m.find()).isTrue();
    String token = m.group(1);
    Response js = get(open, "/status/status.js?v=" + token, Map.of());
    assertThat(js.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(js.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    assertThat(js.body()).contains("api/status");
    Response css = get(open, "/status/status.css", Map.of());
    assertThat(css.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
    assertThat(css.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(css.header("ETag")).isEqualTo("\"" + token + "\"");
    // A one-off connection, and only the status line: a 304 has no body to wait for.
    HttpClientAgent once =
        loop.vertx()
            .createHttpClient(new io.vertx.core.http.HttpClientOptions().setKeepAlive(false));
    RequestOptions revalidate =
        new RequestOptions()
            .setHost("127.0.0.1")
            .setPort(open.port())
            .setURI("/status/status.css")
            .putHeader("If-None-Match", "\"" + token + "\"");
    int notModified =
        await(once.request(revalidate).compose(r -> r.send()).map(r -> r.statusCode()));
    await(once.close());
    assertThat(notModified).isEqualTo(304);
    assertThat(get(open, "/status/secrets.txt", Map.of()).status()).isEqualTo(404);
  }

  @Test
  void withAuthThePageApiAndMetricsAskForCredentialsButHealthChecksDoNot() {
    for (String path : new String[] {"/", "/api/status", "/metrics"}) {
      Response denied = get(guarded, path, Map.of());
      assertThat(denied.status()).as(path).isEqualTo(401);
      assertThat(denied.header("WWW-Authenticate")).startsWith("Basic realm=\"lookout\"");
      assertThat(denied.body()).doesNotContain("healthy");
      assertThat(get(guarded, path, Map.of("Authorization", basic("ops:nope"))).status())
          .isEqualTo(401);
      assertThat(get(guarded, path, Map.of("Authorization", basic("ops:hunter2"))).status())
          .as(path)
          .isEqualTo(200);
    }
    assertThat(get(guarded, "/healthz", Map.of()).status()).isEqualTo(200);
    assertThat(get(guarded, "/readyz", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void keepAliveRequestsAfterThePageAndTheApiAreAllAnswered() {
    // The page and the API are rendered off the loop and answered back on it: one kept-alive
    // connection must carry any mix of them and the static assets without losing a response.
    HttpClientAgent one =
        loop.vertx()
            .createHttpClient(
                new io.vertx.core.http.HttpClientOptions(),
                new io.vertx.core.http.PoolOptions().setHttp1MaxSize(1));
    for (int i = 0; i < 150; i++) {
      String path = i % 3 == 0 ? "/" : i % 3 == 1 ? "/api/status" : "/status/status.css";
      int status;
      try {
        status =
            await(
                onLoop(
                    () ->
                        one.request(HttpMethod.GET, open.port(), "127.0.0.1", path)
                            .compose(r -> r.send())
                            .compose(r -> r.body().map(b -> r.statusCode()))),
                Duration.ofSeconds(10));
      } catch (AssertionError e) {
        throw new AssertionError("request " + i + " to " + path + " hung", e);
      }
      assertThat(status).as(path).isEqualTo(200);
    }
    await(one.close());
  }

  @Test
  void withoutAuthEverythingIsOpen() {
    for (String path : new String[] {"/", "/api/status", "/metrics", "/healthz"}) {
      assertThat(get(open, path, Map.of()).status()).as(path).isEqualTo(200);
    }
  }

  @Test
  void metricsAreGzippedWhenTheScraperAsksAsPrometheusDoes() throws Exception {
    Map<String, String> seen = new java.util.HashMap<>();
    io.vertx.core.buffer.Buffer raw =
        raw(open, "/metrics", Map.of("Accept-Encoding", "gzip"), seen);
    assertThat(seen.get("content-encoding")).isEqualTo("gzip");
    String text = gunzip(raw);
    assertThat(raw.length()).isLessThan(text.length() / 3);
    assertThat(text).contains("# TYPE lookout_probe_success gauge").contains("lookout_build_info");
    assertThat(get(open, "/metrics", Map.of()).body()).startsWith("# HELP");
  }

  /** One exchange's headers and raw (still encoded) body. */
  static io.vertx.core.buffer.Buffer raw(
      Agent agent, String uri, Map<String, String> headers, Map<String, String> seen) {
    RequestOptions o = options(agent, uri, headers);
    return await(
        onLoop(
            () ->
                client
                    .request(o)
                    .compose(r -> r.send())
                    .compose(
                        r -> {
                          seen.put("status", String.valueOf(r.statusCode()));
                          r.headers()
                              .forEach(h -> seen.put(h.getKey().toLowerCase(), h.getValue()));
                          return r.body();
                        })));
  }

  static String gunzip(io.vertx.core.buffer.Buffer raw) throws Exception {
    try (java.util.zip.GZIPInputStream in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw.getBytes()))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void pageAndApiAreGzippedWhenTheClientAcceptsItAndPlainOtherwise() throws Exception {
    statusWhen(StatusServerTest::settled);
    for (String path : new String[] {"/api/status", "/?filter=firing"}) {
      Map<String, String> zipped = new java.util.HashMap<>();
      io.vertx.core.buffer.Buffer body =
          raw(open, path, Map.of("Accept-Encoding", "br;q=1, gzip;q=0.8"), zipped);
      assertThat(zipped).containsEntry("content-encoding", "gzip").containsEntry("status", "200");
      assertThat(zipped.get("vary")).contains("Accept-Encoding");
      String text = gunzip(body);
      Map<String, String> plainHeaders = new java.util.HashMap<>();
      String plain = raw(open, path, Map.of(), plainHeaders).toString();
      assertThat(plainHeaders).doesNotContainKey("content-encoding");
      if (path.equals("/api/status")) {
        assertThat(new JsonObject(text).getJsonArray("targets").size()).isEqualTo(2);
        assertThat(new JsonObject(plain).getJsonArray("targets").size()).isEqualTo(2);
      } else {
        assertThat(text).contains("value=\"firing\"").contains("data-name=\"broken\"");
        assertThat(plain).contains("value=\"firing\"").contains("data-name=\"broken\"");
      }
      // gzip;q=0 refuses it.
      Map<String, String> refused = new java.util.HashMap<>();
      raw(open, path, Map.of("Accept-Encoding", "gzip;q=0, identity"), refused);
      assertThat(refused).doesNotContainKey("content-encoding");
    }
  }

  @Test
  void gzippedPageAndApiStillAskForCredentials() throws Exception {
    for (String path : new String[] {"/api/status", "/"}) {
      Map<String, String> seen = new java.util.HashMap<>();
      io.vertx.core.buffer.Buffer body =
          raw(guarded, path, Map.of("Accept-Encoding", "gzip"), seen);
      assertThat(seen).containsEntry("status", "401");
      assertThat(body.toString()).doesNotContain("broken");
      Map<String, String> allowed = new java.util.HashMap<>();
      String text =
          gunzip(
              raw(
                  guarded,
                  path,
                  Map.of("Accept-Encoding", "gzip", "Authorization", basic("ops:hunter2")),
                  allowed));
      assertThat(allowed).containsEntry("status", "200");
      assertThat(text).contains("broken");
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "gzip|true",
        "gzip, deflate, br|true",
        "br;q=1.0, GZIP;q=0.5|true",
        "x-gzip|true",
        "gzip;q=0|false",
        "gzip; q=0.000|false",
        "deflate, br|false",
        "identity|false",
        "''|false"
      })
  void acceptEncodingDecidesGzip(String header, boolean gzip) {
    assertThat(StreamedBody.acceptsGzip(header)).isEqualTo(gzip);
  }

  static String basic(String userPass) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(userPass.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
