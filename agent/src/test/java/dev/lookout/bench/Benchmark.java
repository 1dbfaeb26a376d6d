package dev.lookout.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the agent as users run it: {@code java -jar lookout.jar run} in its own process, probing
 * N loopback targets served by this process, with fresh connections. Prints probes per second,
 * scheduler lag, CPU seconds per 1,000 probes, peak RSS and time to first probe; when {@code
 * prometheus-blackbox-exporter} is installed, drives it as hard as it will go on the same targets
 * and prints the ratio. Numbers, not assertions: run {@code bench/run-benchmark.sh}.
 */
public final class Benchmark {
  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

  /** The JVM flags the README and the systemd unit recommend; override with -Dbench.jvm=… */
  static final String JVM_FLAGS =
      "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -Xms8m -Xmx64m -XX:MaxNewSize=12m -XX:SurvivorRatio=2 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:ReservedCodeCacheSize=16m";

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "agent/target/lookout.jar");
    int seconds = Integer.getInteger("bench.seconds", 20);
    // The benchmark's own client: it scrapes the agent and drives blackbox_exporter.
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    TargetServer site = TargetServer.start();
    int port = site.port();
    System.out.println("agent JVM flags: " + System.getProperty("bench.jvm", JVM_FLAGS));
    System.out.printf(
        Locale.ROOT,
        "target server: http://127.0.0.1:%d/ (a canned HTTP/1.1 200 on 1 Netty event loop, %s),"
            + " %d cores%n",
        port,
        site.transport(),
        Runtime.getRuntime().availableProcessors());

    if (Boolean.getBoolean("bench.blackboxOnly")) {
      blackbox(vertx, port, seconds);
      site.close();
      await(vertx.close());
      return;
    }
    if (Boolean.getBoolean("bench.footprintOnly")) {
      runAgent(
          vertx,
          jar,
          port,
          1000,
          "10s",
          Math.max(seconds, 25),
          "footprint: 1000 targets every 10 s");
      site.close();
      await(vertx.close());
      return;
    }
    Result throughput =
        runAgent(
            vertx,
            jar,
            port,
            1000,
            THROUGHPUT_INTERVAL,
            seconds,
            "throughput: 1000 targets every "
                + THROUGHPUT_INTERVAL
                + " (more than the agent can do), "
                + MAX_IN_FLIGHT
                + " probes in flight at most");
    if (Boolean.getBoolean("bench.throughputOnly")) {
      site.close();
      await(vertx.close());
      return;
    }
    Result footprint =
        runAgent(
            vertx,
            jar,
            port,
            1000,
            "10s",
            Math.max(seconds, 25),
            "footprint: 1000 targets every 10 s");
    Double blackbox = blackbox(vertx, port, seconds);
    System.out.println();
    System.out.println("== summary");
    System.out.printf(Locale.ROOT, "lookout fresh-connection probes/s: %.0f%n", throughput.rate);
    System.out.printf(
        Locale.ROOT, "lookout CPU seconds per 1000 probes: %.3f%n", throughput.cpuPerThousand);
    System.out.printf(
        Locale.ROOT,
        "lookout scheduler lag at 1000 targets/10 s: p50 %.1f ms, p99 %.1f ms%n",
        footprint.lagP50 * 1000,
        footprint.lagP99 * 1000);
    System.out.printf(
        Locale.ROOT,
        "lookout peak RSS at 1000 targets/10 s: %.1f MiB%n",
        footprint.peakRssKib / 1024.0);
    System.out.printf(
        Locale.ROOT, "lookout first probe after start: %.2f s%n", footprint.firstProbeSeconds);
    if (blackbox != null) {
      System.out.printf(Locale.ROOT, "blackbox_exporter probes/s: %.0f%n", blackbox);
      System.out.printf(
          Locale.ROOT, "ratio lookout / blackbox_exporter: %.2fx%n", throughput.rate / blackbox);
    } else {
      System.out.println(
          "blackbox_exporter: not installed (apt-get install prometheus-blackbox-exporter), no ratio");
    }
    site.close();
    await(vertx.close());
  }

  record Result(
      double rate,
      double cpuPerThousand,
      double lagP50,
      double lagP99,
      long peakRssKib,
      double firstProbeSeconds) {}

  static Result runAgent(
      Vertx vertx, Path jar, int port, int targets, String interval, int seconds, String title)
      throws Exception {
    System.out.println();
    System.out.println("== " + title);
    Path dir = Files.createTempDirectory("lookout-bench");
    int agentPort = freePort();
    StringBuilder yaml = new StringBuilder();
    yaml.append("agent: {listen: \"127.0.0.1:")
        .append(agentPort)
        .append("\", state_dir: \"")
        .append(dir)
        .append("\", max_in_flight: ")
        .append(MAX_IN_FLIGHT)
        .append("}\n");
    yaml.append("defaults: {interval: ").append(interval).append(", timeout: 5s}\n");
    yaml.append("targets:\n");
    for (int i = 0; i < targets; i++) {
      yaml.append("  - {name: t")
          .append(i)
          .append(", http: {url: \"http://127.0.0.1:")
          .append(port)
          .append("/t")
          .append(i)
          .append("\"}}\n");
    }
    Path config = dir.resolve("bench.yaml");
    Files.writeString(config, yaml);
    long startedAt = System.nanoTime();
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(List.of(System.getProperty("bench.jvm", JVM_FLAGS).trim().split("\\s+")));
    command.addAll(List.of("-jar", jar.toString(), "run", "-c", config.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("MALLOC_ARENA_MAX", "2");
    Process agent =
        builder.redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
    HttpClientAgent client = vertx.createHttpClient();
    try {
      double first = Double.NaN;
      while (System.nanoTime() - startedAt < TimeUnit.SECONDS.toNanos(30)) {
        String metrics = scrape(client, agentPort);
        if (metrics != null && sum(metrics, "lookout_probe_duration_seconds_count") > 0) {
          first = (System.nanoTime() - startedAt) / 1e9;
          break;
        }
        Thread.sleep(20);
      }
      Thread.sleep(3000); // let the JIT settle before measuring
      String before = scrape(client, agentPort);
      long cpuBefore = cpuTicks(agent.pid());
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      String after = scrape(client, agentPort);
      long cpuAfter = cpuTicks(agent.pid());
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double probes =
          sum(after, "lookout_probe_duration_seconds_count")
              - sum(before, "lookout_probe_duration_seconds_count");
      double rate = probes / elapsed;
      double cpu = (cpuAfter - cpuBefore) / (double) CLOCK_TICKS;
      double[] lag = lagQuantiles(before, after);
      long rss = peakRssKib(agent.pid());
      System.out.printf(
          Locale.ROOT,
          "probes: %.0f in %.1f s = %.0f/s; CPU %.2f s (%.3f s per 1000 probes)%n",
          probes,
          elapsed,
          rate,
          cpu,
          cpu / probes * 1000);
      System.out.printf(
          Locale.ROOT,
          "scheduler lag p50 <= %.1f ms, p99 <= %.1f ms (histogram bucket bounds); skipped starts: %.0f%n",
          lag[0] * 1000,
          lag[1] * 1000,
          sum(after, "lookout_probes_skipped_total") - sum(before, "lookout_probes_skipped_total"));
      System.out.printf(
          Locale.ROOT,
          "targets whose last probe failed: %.0f of %d (a rate counts only if this is 0)%n",
          targets - sum(after, "lookout_probe_success"),
          targets);
      System.out.printf(
          Locale.ROOT, "peak RSS %.1f MiB; first probe %.2f s after start%n", rss / 1024.0, first);
      return new Result(rate, cpu / probes * 1000, lag[0], lag[1], rss, first);
    } finally {
      agent.destroy();
      agent.waitFor(15, TimeUnit.SECONDS);
      await(client.close());
    }
  }

  /**
   * The agent's {@code max_in_flight} ({@code -Dbench.maxInFlight}): by default as many probes at
   * once as blackbox_exporter is given concurrent {@code /probe} calls, so both work at the same
   * concurrency.
   */
  /**
   * The interval of the throughput phase's 1,000 targets ({@code -Dbench.interval}): short enough
   * that the agent, not the schedule, is the limit (skipped starts show it).
   */
  static final String THROUGHPUT_INTERVAL = System.getProperty("bench.interval", "40ms");

  static final int MAX_IN_FLIGHT = Integer.getInteger("bench.maxInFlight", 64);

  /** Requests in flight against blackbox_exporter ({@code -Dbench.blackboxConcurrency}). */
  static final int BLACKBOX_CONCURRENCY = Integer.getInteger("bench.blackboxConcurrency", 64);

  /** Drives blackbox_exporter's /probe as fast as it answers. */
  static Double blackbox(Vertx vertx, int port, int seconds) throws Exception {
    Path binary = Path.of("/usr/bin/prometheus-blackbox-exporter");
    if (!Files.isExecutable(binary)) {
      return null;
    }
    System.out.println();
    System.out.println(
        "== blackbox_exporter "
            + binary
            + " on the same target, "
            + BLACKBOX_CONCURRENCY
            + " concurrent /probe requests");
    Path dir = Files.createTempDirectory("blackbox-bench");
    Path config = dir.resolve("blackbox.yml");
    Files.writeString(
        config,
        "modules:\n  http_2xx:\n    prober: http\n    timeout: 5s\n    http:\n      preferred_ip_protocol: ip4\n");
    int bbPort = freePort();
    Process bb =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + bbPort,
                "--log.level=error")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("blackbox.log").toFile())
            .start();
    HttpClientAgent client =
        vertx
            .httpClientBuilder()
            .with(new HttpClientOptions().setKeepAlive(true))
            .with(new PoolOptions().setHttp1MaxSize(BLACKBOX_CONCURRENCY))
            .build();
    try {
      Thread.sleep(1000);
      String uri = "/probe?module=http_2xx&target=http://127.0.0.1:" + port + "/bb";
      runLoad(client, bbPort, uri, BLACKBOX_CONCURRENCY, 3); // warm-up
      long cpuBefore = cpuTicks(bb.pid());
      long t0 = System.nanoTime();
      long ok = runLoad(client, bbPort, uri, BLACKBOX_CONCURRENCY, seconds);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double cpu = (cpuTicks(bb.pid()) - cpuBefore) / (double) CLOCK_TICKS;
      double rate = ok / elapsed;
      System.out.printf(
          Locale.ROOT,
          "probes: %d in %.1f s = %.0f/s; CPU %.2f s (%.3f s per 1000 probes); peak RSS %.1f MiB%n",
          ok,
          elapsed,
          rate,
          cpu,
          cpu / ok * 1000,
          peakRssKib(bb.pid()) / 1024.0);
      return rate;
    } finally {
      bb.destroy();
      bb.waitFor(10, TimeUnit.SECONDS);
      await(client.close());
    }
  }

  static long runLoad(HttpClientAgent client, int port, String uri, int concurrency, int seconds) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong ok = new AtomicLong();
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      Promise<Void> done = Promise.promise();
      loop(client, port, uri, end, ok, done);
      workers.add(done.future());
    }
    await(Future.all(workers));
    return ok.get();
  }

  private static void loop(
      HttpClientAgent client, int port, String uri, long end, AtomicLong ok, Promise<Void> done) {
    if (System.nanoTime() > end) {
      done.complete();
      return;
    }
    client
        .request(HttpMethod.GET, port, "127.0.0.1", uri)
        .compose(r -> r.send())
        .compose(HttpClientResponse::body)
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result().toString().contains("probe_success 1")) {
                ok.incrementAndGet();
              }
              loop(client, port, uri, end, ok, done);
            });
  }

  static String scrape(HttpClientAgent client, int port) {
    try {
      return client
          .request(HttpMethod.GET, port, "127.0.0.1", "/metrics")
          .compose(r -> r.send())
          .compose(HttpClientResponse::body)
          .map(Buffer::toString)
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  static double sum(String metrics, String name) {
    double total = 0;
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$")
            .matcher(metrics);
    while (m.find()) {
      total += Double.parseDouble(m.group(2));
    }
    return total;
  }

  /** p50 and p99 upper bounds from the difference of two scrapes of the lag histogram. */
  static double[] lagQuantiles(String before, String after) {
    Pattern bucket =
        Pattern.compile(
            "(?m)^lookout_scheduler_lag_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*\\} ([0-9.eE+-]+)$");
    List<double[]> b = new ArrayList<>();
    Matcher ma = bucket.matcher(after);
    while (ma.find()) {
      b.add(
          new double[] {
            ma.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(ma.group(1)),
            Double.parseDouble(ma.group(2))
          });
    }
    Matcher mb = bucket.matcher(before);
    int i = 0;
    while (mb.find() && i < b.size()) {
      b.get(i++)[1] -= Double.parseDouble(mb.group(2));
    }
    double total = b.isEmpty() ? 0 : b.get(b.size() - 1)[1];
    return new double[] {bound(b, total * 0.5), bound(b, total * 0.99)};
  }

  private static double bound(List<double[]> buckets, double rank) {
    for (double[] bucket : buckets) {
      if (bucket[1] >= rank) {
        return bucket[0];
      }
    }
    return Double.NaN;
  }

  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
  }

  static long peakRssKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
