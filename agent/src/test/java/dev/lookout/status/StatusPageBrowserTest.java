package dev.lookout.status;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.probe.HostResolver;
import dev.lookout.runtime.Agent;
import dev.lookout.testing.TestServers;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real browser: Debian's headless {@code chromium} loads it from a running
 * agent with a healthy and a failing target, runs its script, and we read the DOM it ends up with.
 * Screenshots go to {@code agent/target/} (kept by CI). Skipped when chromium is not installed
 * ({@code apt-get install -y chromium}); {@code -Dlookout.chromium=/path} picks another binary.
 */
class StatusPageBrowserTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static final Path CHROMIUM = Path.of(System.getProperty("lookout.chromium", "/usr/bin/chromium"));

  static HttpServer site;
  static Agent agent;
  static String base;

  @TempDir static Path profiles;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM),
        "chromium is not installed at "
            + CHROMIUM
            + ": skipping the real-browser test (apt-get install -y chromium)");
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
    String url = "http://127.0.0.1:" + site.actualPort();
    String yaml =
        """
                agent: {listen: "127.0.0.1:0", labels: {env: browser-test}}
                defaults: {interval: INTERVAL, timeout: 1s, alert: {after: 2, resolve_after: 1}}
                targets:
                  - name: healthy
                    http: {url: "BASE/ok"}
                    expect: {status: [200]}
                  - name: broken
                    http: {url: "BASE/down"}
                    expect: {status: [200]}
                """
            .replace("BASE", url);
    agent =
        new Agent(
            loop.vertx(),
            TestTargets.config(yaml.replace("INTERVAL", "200ms")),
            HostResolver.system(),
            "browser",
            Clock.systemUTC());
    await(agent.start(1));
    base = "http://127.0.0.1:" + agent.port() + "/";
    waitUntilSettled();
    // Same checks, so history and alert state stay; the loops go quiet while chromium, a CPU-hungry
    // neighbour on a small CI machine, renders the page.
    await(agent.apply(TestTargets.config(yaml.replace("INTERVAL", "1h"))));
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      await(agent.stop());
    }
  }

  /** Both targets probed, the broken one firing, the healthy one with a sparkline's worth. */
  static void waitUntilSettled() {
    HttpClientAgent client = loop.vertx().createHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      String body =
          await(
              TestVertx.onLoop(
                  loop.vertx(),
                  () ->
                      client
                          .request(HttpMethod.GET, agent.port(), "127.0.0.1", "/api/status")
                          .compose(r -> r.send())
                          .compose(HttpClientResponse::body)
                          .map(Buffer::toString)));
      JsonArray t = new JsonObject(body).getJsonArray("targets");
      if (t.getJsonObject(0).getString("state").equals("firing")
          && t.getJsonObject(1).getJsonObject("latency").getJsonArray("recent_seconds").size()
              >= 3) {
        break;
      }
      assertThat(System.nanoTime()).as("targets never settled: %s", t).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
    await(client.close());
  }

  @Test
  void theFailingTargetIsListedFirstWithItsFinding() throws Exception {
    String dom = chromium("--dump-dom", base);
    assertThat(dom).contains("class=\"js\""); // the page's script ran
    String broken = row(dom, "broken");
    String healthy = row(dom, "healthy");
    assertThat(dom.indexOf(broken)).isLessThan(dom.indexOf(healthy));
    assertThat(broken)
        .contains("data-state=\"firing\"")
        .contains("<li>status 503, expected 200</li>")
        .doesNotContain(" hidden");
    assertThat(healthy).contains("data-state=\"ok\"").doesNotContain(" hidden");
    assertThat(dom).doesNotContain("<script>alert");
  }

  @Test
  void theFilterHidesTheHealthyTarget() throws Exception {
    String dom = chromium("--dump-dom", base + "?filter=broken");
    assertThat(tag(dom, "broken")).doesNotContain("hidden");
    assertThat(tag(dom, "healthy")).contains("hidden");
    assertThat(dom).contains("<span id=\"shown\" aria-live=\"polite\">1 of 2 shown</span>");
    String byState = chromium("--dump-dom", base + "?filter=firing");
    assertThat(tag(byState, "healthy")).contains("hidden");
    assertThat(tag(byState, "broken")).doesNotContain("hidden");
  }

  @Test
  void rowsRefreshedFromTheApiKeepOrderFindingsAndFilter() throws Exception {
    String dom = chromium("--dump-dom", base + "?refresh=1&filter=broken");
    assertThat(dom).containsPattern("<span id=\"refreshed\">updated [^<]+</span>");
    String broken = row(dom, "broken");
    assertThat(dom.indexOf(broken)).isLessThan(dom.indexOf(row(dom, "healthy")));
    assertThat(broken)
        .contains("<li>status 503, expected 200</li>")
        .contains("<td class=\"st\"><span class=\"state s-bad\">")
        .contains("<svg class=\"spark\"");
    assertThat(tag(dom, "healthy")).contains("hidden");
    assertThat(dom).doesNotContain("<script>alert");
  }

  @Test
  void screenshotsForADeskAndAPhone() throws Exception {
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(target);
    for (String[] shot :
        new String[][] {{"status-page.png", "1280,720"}, {"status-page-phone.png", "390,844"}}) {
      Path png = target.resolve(shot[0]);
      Files.deleteIfExists(png);
      chromium("--screenshot=" + png, "--window-size=" + shot[1], "--hide-scrollbars", base);
      assertThat(png).exists();
      assertThat(Files.size(png)).as(shot[0]).isGreaterThan(5_000);
    }
  }

  /** The whole {@code <tr …>…</tr>} of one target. */
  static String row(String dom, String name) {
    Matcher m =
        Pattern.compile("<tr[^>]*data-name=\"" + name + "\"[^>]*>.*?</tr>", Pattern.DOTALL)
            .matcher(dom);
    assertThat(m.find()).as("a row for %s in:%n%s", name, dom).isTrue();
    return m.group();
  }

  /** Just the opening {@code <tr …>} tag of one target, where {@code hidden} would be. */
  static String tag(String dom, String name) {
    String row = row(dom, name);
    return row.substring(0, row.indexOf('>') + 1);
  }

  /** Runs headless chromium with a fresh profile on {@code args}; returns what it printed. */
  static String chromium(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(profiles, "profile");
    Path out = profile.resolveSibling(profile.getFileName() + ".out");
    Path err = profile.resolveSibling(profile.getFileName() + ".err");
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
      // The lowest priority, so the agent's event loops are never starved while chromium renders.
      command.addAll(List.of("/usr/bin/nice", "-n", "19"));
    }
    command.addAll(
        List.of(
            CHROMIUM.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--user-data-dir=" + profile,
            // Lets the page's script run (DOMContentLoaded, the filter) before the DOM is read.
            "--virtual-time-budget=5000"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s: " + Files.readString(err));
    }
    assertThat(p.exitValue())
        .as("chromium exit status; stderr:%n%s", Files.readString(err))
        .isZero();
    return Files.readString(out);
  }
}
