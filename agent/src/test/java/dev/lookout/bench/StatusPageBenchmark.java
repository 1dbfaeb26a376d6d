package dev.lookout.bench;

import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.probe.HostResolver;
import dev.lookout.runtime.Agent;
import dev.lookout.status.StatusJson;
import dev.lookout.status.StatusPage;
import dev.lookout.status.StatusView;
import dev.lookout.status.TargetStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long {@code /} and {@code /api/status} take with thousands of targets: an in-process agent
 * probing N loopback targets (5,000 by default), every one probed at least once, then R sequential
 * requests to each endpoint over a kept-alive connection, timed from request to last byte. Prints
 * p50 / p99 / max and the response size. The goal is under 100 ms at 5,000 targets. Numbers, not
 * assertions: run {@code bench/run-status-benchmark.sh} (or this class's main with the test
 * classpath; {@code -Dbench.targets=}, {@code -Dbench.requests=}).
 */
public final class StatusPageBenchmark {
  public static void main(String[] args) throws Exception {
    int targets = Integer.getInteger("bench.targets", 5000);
    int requests = Integer.getInteger("bench.requests", 50);
    Vertx vertx = Vertx.vertx();
    clientVertx = vertx;
    HttpServer site =
        await(
            vertx
                .createHttpServer()
                .requestHandler(r -> r.response().end("ok"))
                .listen(0, "127.0.0.1"));
    StringBuilder yaml =
        new StringBuilder(
            "agent: {listen: \"127.0.0.1:0\", labels: {env: bench}}\n"
                + "defaults: {interval: 10s, timeout: 5s}\ntargets:\n");
    for (int i = 0; i < targets; i++) {
      // Every tenth target fails, so the page has findings and failing rows to sort first.
      yaml.append("  - name: target-")
          .append(i)
          .append("\n    http: {url: \"http://127.0.0.1:")
          .append(site.actualPort())
          .append("/")
          .append(i)
          .append("\"}\n    expect: {status: [")
          .append(i % 10 == 0 ? 201 : 200)
          .append("]}\n");
    }
    Config config =
        new ConfigLoader(System::getenv).parse("bench.yaml", Path.of("."), yaml.toString());
    Agent agent = new Agent(vertx, config, HostResolver.system(), "bench", Clock.systemUTC());
    await(agent.start(Runtime.getRuntime().availableProcessors()));
    HttpClientAgent client = vertx.createHttpClient();
    System.out.printf(
        Locale.ROOT,
        "%d targets on %d cores; waiting until every target has been probed%n",
        targets,
        Runtime.getRuntime().availableProcessors());
    long waitStart = System.nanoTime();
    while (true) {
      JsonObject summary =
          new JsonObject(get(client, agent.port(), "/api/status")).getJsonObject("summary");
      if (summary.getInteger("waiting") == 0) {
        break;
      }
      if (System.nanoTime() - waitStart > TimeUnit.SECONDS.toNanos(120)) {
        throw new IllegalStateException("targets still waiting after 120 s: " + summary);
      }
      Thread.sleep(500);
    }
    for (String path : new String[] {"/", "/api/status"}) {
      // Warm-up: JIT the rendering (C2 takes a few dozen requests of this size) and let the heap
      // settle before timing it; with 10, the first timed requests still paid for both.
      for (int i = 0; i < 50; i++) {
        get(client, agent.port(), path);
      }
      long[] nanos = new long[requests];
      int bytes = 0;
      for (int i = 0; i < requests; i++) {
        long start = System.nanoTime();
        bytes = get(client, agent.port(), path).length();
        nanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      System.out.printf(
          Locale.ROOT,
          "GET %-11s %d requests: p50 %.1f ms, p99 %.1f ms, max %.1f ms, %,d bytes%n",
          path,
          requests,
          nanos[requests / 2] / 1e6,
          nanos[(int) Math.ceil(requests * 0.99) - 1] / 1e6,
          nanos[requests - 1] / 1e6,
          bytes);
    }
    breakdown(agent, requests);
    await(agent.stop());
    await(vertx.close());
  }

  /** Where the time goes: collecting the snapshots from the lanes, rendering, encoding. */
  static void breakdown(Agent agent, int requests) throws Exception {
    long[] collect = new long[requests];
    long[] render = new long[requests];
    long[] encode = new long[requests];
    StatusView.AgentInfo info =
        new StatusView.AgentInfo(Map.of("env", "bench"), "bench", "1/1", true);
    for (int i = 0; i < requests; i++) {
      long t0 = System.nanoTime();
      List<TargetStatus> list = await(agent.statuses());
      long t1 = System.nanoTime();
      StatusPage.render(list, info, null, Instant.now(), "bench");
      long t2 = System.nanoTime();
      StatusJson.encode(list, info);
      long t3 = System.nanoTime();
      collect[i] = t1 - t0;
      render[i] = t2 - t1;
      encode[i] = t3 - t2;
    }
    System.out.printf(
        Locale.ROOT,
        "in-process p50: collect snapshots %.1f ms, render HTML %.1f ms, encode JSON %.1f ms%n",
        median(collect),
        median(render),
        median(encode));
  }

  static double median(long[] nanos) {
    Arrays.sort(nanos);
    return nanos[nanos.length / 2] / 1e6;
  }

  static Vertx clientVertx;

  /** One exchange, run on an event-loop context so send() and body() share a thread. */
  static String get(HttpClientAgent client, int port, String path) throws Exception {
    io.vertx.core.Promise<String> done = io.vertx.core.Promise.promise();
    clientVertx
        .getOrCreateContext()
        .runOnContext(
            v ->
                client
                    .request(HttpMethod.GET, port, "127.0.0.1", path)
                    .compose(r -> r.send())
                    .compose(HttpClientResponse::body)
                    .map(Buffer::toString)
                    .onComplete(done));
    return await(done.future());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
