package dev.lookout.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;

/**
 * The first {@code /api/status} and {@code /} after start, as a user opening the page after a
 * deploy meets them: the distribution's own launcher ({@code bin/lookout run}, with its tuned JVM
 * flags and jlinked runtime) in a process of its own, probing N loopback targets (5,000 by default,
 * every tenth failing an expectation). Once every target has a verdict, it times the first request
 * to one endpoint (request to last byte, a fresh connection), then R more (50 by default) on the
 * kept-alive connection, plain and with {@code Accept-Encoding: gzip} as a browser sends it. Each
 * endpoint gets an agent process of its own, so neither first request finds the other's code warm.
 * The wait never touches the status surfaces: the bench's target server counts which targets have
 * been asked, and only {@code /readyz} is polled. Numbers, not assertions: {@code
 * bench/run-status-benchmark.sh}, or this class's main with the test classpath and the
 * distribution's directory as its argument ({@code -Dbench.targets=}, {@code -Dbench.requests=},
 * {@code -Dbench.runs=} agent starts per endpoint).
 */
public final class ColdStatusBenchmark {
  private static Vertx vertx;

  public static void main(String[] args) throws Exception {
    int targets = Integer.getInteger("bench.targets", 5000);
    int requests = Integer.getInteger("bench.requests", 50);
    int runs = Integer.getInteger("bench.runs", 1);
    Path dist = args.length > 0 ? Path.of(args[0]) : findDistribution();
    vertx = Vertx.vertx();
    AtomicIntegerArray asked = new AtomicIntegerArray(targets);
    AtomicInteger distinct = new AtomicInteger();
    Buffer big = Buffer.buffer(new byte[4 << 20]);
    HttpServer site =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    r -> {
                      if (r.path().equals("/big")) {
                        r.response().end(big);
                        return;
                      }
                      int i = Integer.parseInt(r.path().substring(1));
                      if (asked.compareAndSet(i, 0, 1)) {
                        distinct.incrementAndGet();
                      }
                      r.response().end("ok");
                    })
                .listen(0, "127.0.0.1"));
    HttpClientAgent client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
    // The bench's own client receives megabytes per answer: warm it on its own server first, so
    // its first-request costs are not charged to the agent.
    for (int i = 0; i < 30; i++) {
      get(client, site.actualPort(), "/big", false);
    }
    System.out.printf(
        Locale.ROOT,
        "%d targets on %d cores, agent %s/bin/lookout run (its tuned JVM flags)%n",
        targets,
        Runtime.getRuntime().availableProcessors(),
        dist);
    for (int run = 0; run < runs; run++) {
      for (String path : new String[] {"/api/status", "/"}) {
        for (int i = 0; i < targets; i++) {
          asked.set(i, 0);
        }
        distinct.set(0);
        measure(dist, path, targets, requests, site.actualPort(), distinct);
      }
    }
    await(vertx.close());
  }

  private static void measure(
      Path dist, String path, int targets, int requests, int sitePort, AtomicInteger distinct)
      throws Exception {
    Path dir = Files.createTempDirectory("lookout-cold");
    int port = freePort();
    StringBuilder yaml =
        new StringBuilder("agent: {listen: \"127.0.0.1:")
            .append(port)
            .append("\", state_dir: \"")
            .append(dir.resolve("state"))
            .append("\", labels: {env: bench}}\ndefaults: {interval: 10s, timeout: 5s}\n")
            .append("targets:\n");
    for (int i = 0; i < targets; i++) {
      yaml.append("  - name: target-")
          .append(i)
          .append("\n    http: {url: \"http://127.0.0.1:")
          .append(sitePort)
          .append("/")
          .append(i)
          .append("\"}\n    expect: {status: [")
          .append(i % 10 == 0 ? 201 : 200)
          .append("]}\n");
    }
    Path config = dir.resolve("bench.yaml");
    Files.writeString(config, yaml);
    long startedAt = System.nanoTime();
    Process agent =
        new ProcessBuilder(dist.resolve("bin/lookout").toString(), "run", "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("agent.log").toFile())
            .start();
    HttpClientAgent client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
    try {
      while (!ready(client, port)) {
        if (!agent.isAlive() || System.nanoTime() - startedAt > TimeUnit.SECONDS.toNanos(60)) {
          throw new IllegalStateException(
              "the agent did not become ready within 60 s; see " + dir.resolve("agent.log"));
        }
        Thread.sleep(100);
      }
      double readyAfter = (System.nanoTime() - startedAt) / 1e9;
      while (distinct.get() < targets) {
        if (System.nanoTime() - startedAt > TimeUnit.SECONDS.toNanos(120)) {
          throw new IllegalStateException(
              distinct.get() + " of " + targets + " targets probed after 120 s");
        }
        Thread.sleep(50);
      }
      double probedAfter = (System.nanoTime() - startedAt) / 1e9;
      // Every target has been asked; its answer is judged within milliseconds. A second more.
      Thread.sleep(1000);
      long rssBefore = rssKib(agent.pid());
      // A connection of its own: the first request pays for the connect, as a browser's would.
      HttpClientAgent fresh =
          vertx.createHttpClient(
              new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
      long t0 = System.nanoTime();
      int firstBytes = get(fresh, port, path, false).length();
      double first = (System.nanoTime() - t0) / 1e6;
      long rssAfterFirst = rssKib(agent.pid());
      System.out.printf(
          Locale.ROOT,
          "GET %-11s first request (cold) %.1f ms, %,d bytes; agent ready after %.1f s, every"
              + " target probed after %.1f s; RSS %,d -> %,d KiB%n",
          path,
          first,
          firstBytes,
          readyAfter,
          probedAfter,
          rssBefore,
          rssAfterFirst);
      series(fresh, port, path, requests, false);
      series(fresh, port, path, requests, true);
      System.out.printf(Locale.ROOT, "    RSS after the series %,d KiB%n", rssKib(agent.pid()));
      await(fresh.close());
    } finally {
      await(client.close());
      agent.destroy();
      if (!agent.waitFor(20, TimeUnit.SECONDS)) {
        agent.destroyForcibly();
      }
      if (System.getProperty("bench.keep") == null) deleteTree(dir);
      else System.out.println("kept " + dir);
    }
  }

  private static void series(HttpClientAgent client, int port, String path, int n, boolean gzip)
      throws Exception {
    long[] nanos = new long[n];
    int bytes = 0;
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      bytes = get(client, port, path, gzip).length();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "    next %d%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms, %,d bytes%s%n",
        n,
        gzip ? " with gzip" : "",
        nanos[n / 2] / 1e6,
        nanos[(int) Math.ceil(n * 0.99) - 1] / 1e6,
        nanos[n - 1] / 1e6,
        bytes,
        gzip ? " on the wire" : "");
  }

  private static boolean ready(HttpClientAgent client, int port) {
    try {
      Promise<Integer> done = Promise.promise();
      vertx
          .getOrCreateContext()
          .runOnContext(
              v ->
                  client
                      .request(HttpMethod.GET, port, "127.0.0.1", "/readyz")
                      .compose(r -> r.send())
                      .compose(r -> r.body().map(b -> r.statusCode()))
                      .onComplete(done));
      return await(done.future()) == 200;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * One exchange to the last byte, on an event-loop context so send() and body() share a thread.
   */
  private static Buffer get(HttpClientAgent client, int port, String path, boolean gzip)
      throws Exception {
    Promise<Buffer> done = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(
            v ->
                client
                    .request(HttpMethod.GET, port, "127.0.0.1", path)
                    .compose(
                        r -> {
                          if (gzip) {
                            r.putHeader("Accept-Encoding", "gzip");
                          }
                          return r.send();
                        })
                    .compose(
                        r ->
                            r.statusCode() == 200
                                ? r.body()
                                : Future.failedFuture(path + " answered " + r.statusCode()))
                    .onComplete(done));
    return await(done.future());
  }

  private static Path findDistribution() throws IOException {
    try (Stream<Path> dirs = Files.list(Path.of("agent/target"))) {
      List<Path> found =
          new ArrayList<>(
              dirs.filter(d -> Files.isExecutable(d.resolve("bin/lookout")))
                  .filter(d -> d.getFileName().toString().startsWith("lookout-"))
                  .toList());
      if (found.isEmpty()) {
        throw new IllegalStateException(
            "no agent/target/lookout-<version>/bin/lookout: run mvn -B -DskipTests package first");
      }
      return found.get(0);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      // Not Linux, or the process is gone: no figure.
    }
    return -1;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
