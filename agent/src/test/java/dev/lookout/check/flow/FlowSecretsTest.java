package dev.lookout.check.flow;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Target;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.runtime.Agent;
import dev.lookout.status.TargetStatus;
import dev.lookout.testing.TestServers;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Extracted values are secrets and outside text: they never reach findings, the status page or
 * {@code /api/status}, and one that would break a header line is never sent.
 */
class FlowSecretsTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static final String HOSTILE = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
  static volatile String token = HOSTILE;
  static final List<String> received = new CopyOnWriteArrayList<>();
  static HttpServer server;

  @BeforeAll
  static void start() {
    new JsonObject("{\"warm\": [1]}").encode();
    server =
        TestServers.http(
            loop.vertx(),
            "127.0.0.1",
            r -> {
              r.headers().forEach(h -> received.add(h.getKey() + ": " + h.getValue()));
              if (r.path().equals("/login")) {
                r.response().end(new JsonObject().put("token", token).encode());
              } else {
                // An API that echoes what it was sent: the token comes back in the body.
                r.response()
                    .setStatusCode(401)
                    .end(
                        new JsonObject()
                            .put("error", "rejected " + r.getHeader("Authorization"))
                            .encode());
              }
            });
  }

  @AfterAll
  static void stop() {
    await(server.close());
  }

  static String flow() {
    String base = "http://127.0.0.1:" + server.actualPort();
    return """
        targets:
          - name: api
            interval: 500ms
            flow:
              steps:
                - name: login
                  http: {url: "%s/login", method: POST}
                  extract: {token: {json: /token}}
                - name: cart
                  http: {url: "%s/cart", headers: {Authorization: "Bearer {{token}}"}}
                  expect: {status: [201], json: {/error: none}}
        """
        .formatted(base, base);
  }

  @Test
  void hostileValuesStayInertInFindingsAndOnTheStatusPage() throws Exception {
    token = HOSTILE;
    String yaml =
        "agent: {listen: \"127.0.0.1:0\", state_dir: \""
            + Files.createTempDirectory("lookout-flow")
            + "\"}\n"
            + flow();
    Agent agent =
        new Agent(
            loop.vertx(),
            TestTargets.config(yaml),
            HostResolver.system(),
            "test",
            Clock.systemUTC());
    try {
      await(agent.start(1));
      TargetStatus status = probed(agent);
      String findings = status.findings().toString();
      assertThat(findings)
          .contains(
              "step 2 of 2 \"cart\": status 401, expected 201; JSON /error is rejected Bearer"
                  + " {{token}}, expected none")
          .doesNotContain("script")
          .doesNotContain("alert");

      String api = get(agent, "/api/status");
      String page = get(agent, "/");
      for (String out : List.of(api, page)) {
        assertThat(out)
            .doesNotContain("<script>")
            .doesNotContain("alert(")
            .doesNotContain("onerror");
      }
      assertThat(api).contains("flow_steps").contains("{{token}}");
      assertThat(page).contains("2 cart: failed with 401");
    } finally {
      await(agent.stop());
    }
  }

  @Test
  void aValueThatWouldBreakTheHeaderLineIsNeverSent() {
    token = "abc\r\nX-Injected: yes";
    received.clear();
    Target t = TestTargets.targets(flow()).get(0);
    FlowProbe probe = new FlowProbe(loop.vertx(), HostResolver.system(), "Lookout/test");
    Promise<ProbeResult> p = Promise.promise();
    loop.vertx().getOrCreateContext().runOnContext(v -> probe.run(t).onComplete(p));
    ProbeResult r = await(p.future());
    probe.close();

    FlowObservation o = (FlowObservation) r.observation();
    assertThat(o.steps().get(1).problems())
        .singleElement()
        .asString()
        .startsWith("header Authorization cannot be sent: the value filled in contains")
        .doesNotContain("X-Injected");
    assertThat(received)
        .noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("x-injected"));
  }

  private static TargetStatus probed(Agent agent) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      TargetStatus s = await(agent.statuses()).get(0);
      if (s.lastProbeAt() != null) {
        return s;
      }
      assertThat(System.nanoTime()).as("the flow never ran").isLessThan(deadline);
      LockSupport.parkNanos(20_000_000);
    }
  }

  private static String get(Agent agent, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path))
            .timeout(Duration.ofSeconds(5))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
  }
}
