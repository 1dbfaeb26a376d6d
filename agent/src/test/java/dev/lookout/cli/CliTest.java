package dev.lookout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import dev.lookout.runtime.OnceRunner;
import dev.lookout.runtime.Probes;
import dev.lookout.testing.TestServers;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes and output of the commands, as CI and Docker rely on them. */
class CliTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  static HttpServer site;
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void start() {
    site =
        TestServers.http(
            loop.vertx(),
            "127.0.0.1",
            req -> req.response().setStatusCode(req.path().equals("/ok") ? 200 : 500).end("body"));
  }

  static Run run(String... args) {
    return run(() -> Main.execute(args));
  }

  static synchronized Run run(java.util.function.IntSupplier command) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = command.getAsInt();
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  Path file(String name, String yaml) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, yaml.replace("BASE", "http://127.0.0.1:" + site.actualPort()));
    return p;
  }

  @Test
  void checkAcceptsAValidFile() throws Exception {
    Path p = file("ok.yaml", "targets:\n  - {name: a, http: {url: \"BASE/ok\"}}\n");
    Run r = run("check", "-c", p.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("OK (1 target, 0 notifiers)");
  }

  @Test
  void checkListsEveryErrorAndExitsTwo() throws Exception {
    Path p =
        file(
            "bad.yaml",
            "targets:\n  - {name: a, htp: {url: \"BASE/ok\"}}\n  - {name: b, http: {url: \"BASE/ok\"}, interval: fast}\n");
    Run r = run("check", "-c", p.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(p + ":2:5: target \"a\" has no check")
        .contains(p + ":2:15: unknown key \"htp\" in target \"a\" (did you mean \"http\"?)")
        .containsPattern(":3:\\d+: target \"b\".interval: \"fast\" is not a duration")
        .contains("3 errors in " + p);
  }

  @Test
  void onceExitsZeroWhenEverythingPasses() throws Exception {
    Path p =
        file(
            "pass.yaml",
            "targets:\n  - {name: shop, http: {url: \"BASE/ok\"}}\n  - {name: api, http: {url: \"BASE/ok\"}, expect: {body_contains: body}}\n");
    Run r = run("once", "-c", p.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .containsPattern("shop +http +ok ")
        .containsPattern("api +http +ok ")
        .contains("2 targets, 2 passed, 0 failed");
  }

  @Test
  void onceJudgesTheHeartbeatsTheAgentStoredAndFailsOnesWithNone() throws Exception {
    Path state = dir.resolve("state");
    java.time.Instant now = java.time.Instant.now();
    var store = new dev.lookout.check.heartbeat.HeartbeatStore(loop.vertx(), state);
    dev.lookout.testing.TestVertx.await(
        store.save(
            "payout-worker",
            dev.lookout.check.heartbeat.HeartbeatState.fresh(now.minusSeconds(120))
                .apply(dev.lookout.check.heartbeat.Ping.success(now.minusSeconds(20), null))));
    dev.lookout.testing.TestVertx.await(
        store.save(
            "invoice-run",
            dev.lookout.check.heartbeat.HeartbeatState.fresh(now.minusSeconds(7200))
                .apply(dev.lookout.check.heartbeat.Ping.fail(now.minusSeconds(60), null))));
    Path p =
        file(
            "beats.yaml",
            "agent: {listen: \"127.0.0.1:0\", state_dir: \""
                + state
                + "\"}\ntargets:\n"
                + "  - {name: payout-worker, heartbeat: {every: 1m, grace: 30s}}\n"
                + "  - {name: invoice-run, heartbeat: {every: 1h, grace: 5m}}\n"
                + "  - {name: new-job, heartbeat: {every: 1h, grace: 5m}}\n");
    Run r = run("once", "-c", p.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern("payout-worker +heartbeat +ok ")
        .containsPattern("invoice-run +heartbeat +FAIL .*last run failed")
        .containsPattern("new-job +heartbeat +FAIL .*no pings stored in ")
        .contains("3 targets, 1 passed, 2 failed");
  }

  /**
   * A CI gate judges p95 on warm samples: the cold first request (connection set-up, JIT) is a
   * warm-up, not the p95; a target slow on every request still fails, on 5 samples.
   */
  @Test
  void onceJudgesPercentilesOnWarmSamplesNotOneColdProbe() throws Exception {
    java.util.concurrent.atomic.AtomicInteger seen =
        new java.util.concurrent.atomic.AtomicInteger();
    io.vertx.core.http.HttpServer slow =
        TestServers.http(
            loop.vertx(),
            "127.0.0.1",
            req -> {
              boolean first = seen.getAndIncrement() == 0;
              boolean always = req.path().equals("/always-slow");
              long delay = first || always ? 400 : 1;
              loop.vertx().setTimer(delay, id -> req.response().end("ok"));
            });
    try {
      String base = "http://127.0.0.1:" + slow.actualPort();
      Path p =
          file(
              "p95.yaml",
              "targets:\n  - {name: api, http: {url: \""
                  + base
                  + "/\"}, expect: {p95_below: 300ms}}\n");
      Run r = run("once", "-c", p.toString());
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(seen.get()).isEqualTo(OnceRunner.DEFAULT_SAMPLES + 1);

      Path q =
          file(
              "p95-slow.yaml",
              "targets:\n  - {name: api, http: {url: \""
                  + base
                  + "/always-slow\"}, expect: {p95_below: 300ms}}\n");
      Run slowRun = run("once", "-c", q.toString(), "--samples", "5");
      assertThat(slowRun.code()).isEqualTo(1);
      assertThat(slowRun.out())
          .containsPattern(
              "api +http +FAIL .*p95 4\\d\\d(\\.\\d+)? ms over last .* \\(5 samples\\)");
    } finally {
      dev.lookout.testing.TestVertx.await(slow.close());
    }
  }

  @Test
  void onceExitsOneAndSaysWhyWhenAnExpectationFails() throws Exception {
    Path p =
        file(
            "fail.yaml",
            "targets:\n  - {name: shop, http: {url: \"BASE/ok\"}}\n  - {name: api, http: {url: \"BASE/broken\"}}\n");
    Run r = run("once", "-c", p.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern("api +http +FAIL .*status 500, expected 2xx")
        .contains("2 targets, 1 passed, 1 failed");
  }

  @Test
  void onceEndsWithAReasonWhenAProbeThrowsOrNeverCompletes() throws Exception {
    Path p =
        file(
            "broken.yaml",
            "defaults: {timeout: 300ms}\ntargets:\n  - {name: shop, http: {url: \"BASE/ok\"}}\n"
                + "  - {name: api, http: {url: \"BASE/ok\"}}\n"
                + "  - {name: docs, http: {url: \"BASE/ok\"}}\n");
    Probe broken =
        t -> {
          if (t.name().equals("shop")) {
            throw new IllegalArgumentException("invalid header value");
          }
          return t.name().equals("api")
              ? Promise.<ProbeResult>promise().future()
              : Future.failedFuture(new IllegalStateException("boom"));
        };
    long t0 = System.nanoTime();
    Run r =
        run(
            () ->
                new CommandLine(new OnceCommand(v -> Probes.of(v, broken)))
                    .execute("-c", p.toString()));
    assertThat(r.code()).isEqualTo(1);
    String internal = "the probe failed: an internal error in Lookout's http check";
    assertThat(r.out())
        .containsPattern("shop +http +FAIL .*" + internal)
        .containsPattern("docs +http +FAIL .*" + internal)
        .containsPattern(
            "api +http +FAIL .*the probe did not finish within 1.3 s \\(the timeout of 300 ms")
        .contains("3 targets, 0 passed, 3 failed")
        .doesNotContain("IllegalArgument", "boom");
    // Within the timeout plus grace, and the start-up of a Vert.x instance: it did not hang.
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void onceExitsTwoOnAnInvalidConfig() throws Exception {
    Path p = file("invalid.yaml", "targets: []\nextra: 1\n");
    assertThat(run("once", "-c", p.toString()).code()).isEqualTo(2);
  }

  @Test
  void onceWithNoTargetsFailsTheGateWithExitTwo() throws Exception {
    Path p = file("empty.yaml", "targets: []\n");
    Run r = run("once", "-c", p.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no targets to check, so the gate cannot pass");
  }

  @Test
  void healthFailsWhenNothingAnswers() {
    Run r = run("health", "http://127.0.0.1:" + TestServers.closedPort() + "/healthz");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("nothing answers at");
  }

  @Test
  void healthSucceedsAgainstAnAnsweringEndpoint() {
    assertThat(run("health", "http://127.0.0.1:" + site.actualPort() + "/ok").code()).isZero();
  }
}
