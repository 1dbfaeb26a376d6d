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
  static final long CLOCK_TICKS = 100; // USER_HZ on Linux

  /** The JVM flags the README and the systemd unit recommend; override with -Dbench.jvm=… */
  static final String JVM_FLAGS =
      "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -Xms24m -Xmx64m -XX:MaxNewSize=12m -XX:SurvivorRatio=2 -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=50 -XX:ReservedCodeCacheSize=16m";

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "agent/target/lookout.jar");
    int seconds = Integer.getInteger("bench.seconds", 20);
    // The benchmark's own client: it scrapes the agent and drives blackbox_exporter.
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    TargetServer site = TargetServer.start();
    int port = site.port();
    System.out.printf(
        Locale.ROOT,
        "target server: http://127.0.0.1:%d/ (a canned HTTP/1.1 200 on 1 Netty event loop, %s),"
            + " %d cores%n",
        port,
        site.transport(),
        Runtime.getRuntime().availableProcessors());
    Nginx nginx = Boolean.getBoolean("bench.noNginx") ? null : Nginx.start();
    if (nginx != null) {
      System.out.printf(
          Locale.ROOT,
          "nginx target: http://127.0.0.1:%d/ (Debian's nginx, 1 worker, return 200)%n",
          nginx.port());
    } else {
      System.out.println("nginx: not installed (apt-get install nginx), no ceiling against it");
    }
    List<Agent> agents = agents(jar);
    List<Row> rows = new ArrayList<>();
    try {
      if (!Boolean.getBoolean("bench.blackboxOnly")) {
        for (Agent agent : agents) {
          System.out.println();
          System.out.println("#### " + agent.name + ": " + String.join(" ", agent.command));
          Row row = new Row(agent.name);
          if (!Boolean.getBoolean("bench.footprintOnly")) {
            row.ceiling = throughput(vertx, agent, port, seconds, "the canned target");
            if (nginx != null) {
              row.nginxCeiling = throughput(vertx, agent, nginx.port(), seconds, "nginx");
            }
          }
          if (!Boolean.getBoolean("bench.throughputOnly")) {
            row.everyday =
                runAgent(
                    vertx,
                    agent,
                    port,
                    1000,
                    "10s",
                    Math.max(seconds, 25),
                    "everyday: 1000 targets every 10 s, scraped every 10 s",
                    true);
          }
          rows.add(row);
        }
      }
      Blackbox bb = null;
      if (!Boolean.getBoolean("bench.throughputOnly") && !Boolean.getBoolean("bench.footprintOnly")
          || Boolean.getBoolean("bench.blackboxOnly")) {
        bb = blackbox(vertx, port, nginx == null ? -1 : nginx.port(), seconds);
      }
      summary(rows, bb);
    } finally {
      if (nginx != null) {
        nginx.close();
      }
      site.close();
      await(vertx.close());
    }
  }

  /** One way of running the agent: a name for the tables and the command before {@code run}. */
  record Agent(String name, List<String> command) {}

  /** What one agent measured; null where a phase did not run. */
  static final class Row {
    final String agent;
    Result ceiling;
    Result nginxCeiling;
    Result everyday;

    Row(String agent) {
      this.agent = agent;
    }
  }

  /**
   * The agents to measure ({@code -Dbench.agents=launcher,java-jar,tuned-jar}): the distribution's
   * launcher (the README's run command, {@code -Dbench.launcher} or found next to the jar), the
   * README's plain {@code java -jar} (the JVM's defaults) and {@code java} with the recommended
   * flags ({@code -Dbench.jvm}). By default the first two when the distribution exists, else the
   * third.
   */
  static List<Agent> agents(Path jar) throws IOException {
    String launcher = LAUNCHER != null ? LAUNCHER : findLauncher(jar);
    String wanted =
        System.getProperty("bench.agents", launcher != null ? "launcher,java-jar" : "tuned-jar");
    List<Agent> agents = new ArrayList<>();
    for (String name : wanted.split(",")) {
      switch (name.trim()) {
        case "launcher" -> {
          if (launcher == null) {
            throw new IllegalArgumentException(
                "no distribution next to " + jar + " (mvn -B package builds it)");
          }
          agents.add(new Agent("bin/lookout", List.of(launcher)));
        }
        case "java-jar" ->
            agents.add(new Agent("java -jar", List.of("java", "-jar", jar.toString())));
        case "tuned-jar" -> {
          List<String> command = new ArrayList<>(List.of("java"));
          command.addAll(List.of(System.getProperty("bench.jvm", JVM_FLAGS).trim().split("\\s+")));
          command.addAll(List.of("-jar", jar.toString()));
          agents.add(new Agent("java <flags> -jar", command));
        }
        default -> throw new IllegalArgumentException("bench.agents: unknown agent " + name);
      }
    }
    return agents;
  }

  private static String findLauncher(Path jar) throws IOException {
    Path dir = jar.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return null;
    }
    try (var list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().startsWith("lookout-"))
          .map(p -> p.resolve("bin/lookout"))
          .filter(Files::isExecutable)
          .map(Path::toString)
          .findFirst()
          .orElse(null);
    }
  }

  static Result throughput(Vertx vertx, Agent agent, int port, int seconds, String target)
      throws Exception {
    return runAgent(
        vertx,
        agent,
        port,
        1000,
        THROUGHPUT_INTERVAL,
        seconds,
        "ceiling against "
            + target
            + ": 1000 targets every "
            + THROUGHPUT_INTERVAL
            + " (more than the agent can do), "
            + MAX_IN_FLIGHT
            + " probes in flight at most",
        false);
  }

  static void summary(List<Row> rows, Blackbox bb) {
    System.out.println();
    System.out.println("== summary (one sitting; every process shares the machine's cores)");
    String header = "| |";
    String rule = "|---|";
    for (Row r : rows) {
      header += " " + r.agent + " |";
      rule += "---|";
    }
    if (bb != null) {
      header += " blackbox_exporter |";
      rule += "---|";
    }
    System.out.println(header);
    System.out.println(rule);
    line(
        rows,
        "probes/s, canned target",
        r -> r.ceiling,
        x -> fmt("%.0f", x.rate),
        bb,
        b -> fmt("%.0f", b.ceiling));
    if (bb != null) {
      line(
          rows,
          "ratio to blackbox_exporter, canned target",
          r -> r.ceiling,
          x -> fmt("%.2f×", x.rate / bb.ceiling),
          bb,
          b -> "1");
    }
    line(
        rows,
        "probes/s, nginx",
        r -> r.nginxCeiling,
        x -> fmt("%.0f", x.rate),
        bb,
        b -> b.nginxCeiling > 0 ? fmt("%.0f", b.nginxCeiling) : "");
    if (bb != null && bb.nginxCeiling > 0) {
      line(
          rows,
          "ratio to blackbox_exporter, nginx",
          r -> r.nginxCeiling,
          x -> fmt("%.2f×", x.rate / bb.nginxCeiling),
          bb,
          b -> "1");
    }
    line(
        rows,
        "CPU ms per probe at saturation",
        r -> r.ceiling,
        x -> fmt("%.3f", x.cpuPerThousand),
        bb,
        b -> fmt("%.3f", b.ceilingCpu));
    line(
        rows,
        "CPU ms per probe at 100 probes/s, first 30 s",
        r -> r.everyday,
        x -> fmt("%.3f", x.cpuPerThousand),
        bb,
        b -> b.pacedCpu > 0 ? fmt("%.3f alone", b.pacedCpu) : "");
    line(
        rows,
        "CPU ms per probe at 100 probes/s, from 60 s",
        r -> r.everyday,
        x -> Double.isNaN(x.steadyCpuPerThousand) ? "" : fmt("%.3f", x.steadyCpuPerThousand),
        bb,
        b ->
            b.promCpu > 0
                ? fmt(
                    "%.3f with Prometheus (%.3f + %.3f)",
                    b.promCpu + b.promBlackboxCpu, b.promBlackboxCpu, b.promCpu)
                : "");
    line(
        rows,
        "peak RSS MiB at 1000 targets / 10 s",
        r -> r.everyday,
        x -> fmt("%.1f", x.peakRssKib / 1024.0),
        bb,
        b -> b.pacedRssKib > 0 ? fmt("%.1f", b.pacedRssKib / 1024.0) : "");
    line(
        rows,
        "first probe after start, s",
        r -> r.everyday,
        x -> fmt("%.2f", x.firstProbeSeconds),
        bb,
        b -> "");
    line(
        rows,
        "scheduler lag p50 / p99 ms",
        r -> r.everyday,
        x -> fmt("%.0f / %.0f", x.lagP50 * 1000, x.lagP99 * 1000),
        bb,
        b -> "");
  }

  private static void line(
      List<Row> rows,
      String label,
      java.util.function.Function<Row, Result> pick,
      java.util.function.Function<Result, String> show,
      Blackbox bb,
      java.util.function.Function<Blackbox, String> showBb) {
    StringBuilder out = new StringBuilder("| " + label + " |");
    boolean any = false;
    for (Row r : rows) {
      Result x = pick.apply(r);
      any |= x != null;
      out.append(' ').append(x == null ? "" : show.apply(x)).append(" |");
    }
    if (bb != null) {
      out.append(' ').append(showBb.apply(bb)).append(" |");
    }
    if (any) {
      System.out.println(out);
    }
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  record Result(
      double rate,
      double cpuPerThousand,
      double steadyCpuPerThousand,
      double lagP50,
      double lagP99,
      long peakRssKib,
      double firstProbeSeconds) {}

  /**
   * Runs {@code agent} on {@code targets} loopback targets every {@code interval} and measures a
   * window of {@code seconds} starting 3 s after the first probe; with {@code steady}, a second
   * window of the same length from 60 s after start (once the JIT has settled), and a scrape of
   * {@code /metrics} every 10 s throughout, as a Prometheus would.
   */
  static Result runAgent(
      Vertx vertx,
      Agent agent,
      int port,
      int targets,
      String interval,
      int seconds,
      String title,
      boolean steady)
      throws Exception {
    System.out.println();
    System.out.println("== " + title);
    Path dir = Files.createTempDirectory("lookout-bench");
    int agentPort = freePort();
    Path config = writeConfig(dir, agentPort, port, targets, interval);
    long startedAt = System.nanoTime();
    List<String> command = new ArrayList<>(agent.command());
    command.addAll(List.of("run", "-c", config.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    if (!agent.command().get(0).endsWith("bin/lookout")) {
      builder.environment().put("MALLOC_ARENA_MAX", "2"); // what the launcher sets
    }
    Process agentProcess =
        builder.redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
    HttpClientAgent client = vertx.createHttpClient();
    long scraper = -1;
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
      if (steady) {
        scraper = vertx.setPeriodic(10_000, id -> scrapeAsync(client, agentPort));
      }
      Thread.sleep(3000); // the JIT's first compilations, before measuring
      long pid = agentProcess.pid();
      Window w = window(client, agentPort, pid, seconds);
      double steadyCpu = Double.NaN;
      if (steady) {
        long untilSteady = startedAt + TimeUnit.SECONDS.toNanos(60) - System.nanoTime();
        if (untilSteady > 0) {
          Thread.sleep(TimeUnit.NANOSECONDS.toMillis(untilSteady));
        }
        Window later = window(client, agentPort, pid, seconds);
        steadyCpu = later.cpu / later.probes * 1000;
        System.out.printf(
            Locale.ROOT,
            "from 60 s after start: probes %.0f in %.1f s; CPU %.2f s (%.3f s per 1000 probes)%n",
            later.probes,
            later.elapsed,
            later.cpu,
            steadyCpu);
      }
      long rss = peakRssKib(pid);
      System.out.printf(
          Locale.ROOT,
          "probes: %.0f in %.1f s = %.0f/s; CPU %.2f s (%.3f s per 1000 probes)%n",
          w.probes,
          w.elapsed,
          w.probes / w.elapsed,
          w.cpu,
          w.cpu / w.probes * 1000);
      double[] lag = lagQuantiles(w.before, w.after);
      System.out.printf(
          Locale.ROOT,
          "scheduler lag p50 <= %.1f ms, p99 <= %.1f ms (histogram bucket bounds); skipped starts: %.0f%n",
          lag[0] * 1000,
          lag[1] * 1000,
          sum(w.after, "lookout_probes_skipped_total")
              - sum(w.before, "lookout_probes_skipped_total"));
      System.out.printf(
          Locale.ROOT,
          "targets whose last probe failed: %.0f of %d (a rate counts only if this is 0)%n",
          targets - sum(w.after, "lookout_probe_success"),
          targets);
      System.out.printf(
          Locale.ROOT, "peak RSS %.1f MiB; first probe %.2f s after start%n", rss / 1024.0, first);
      return new Result(
          w.probes / w.elapsed, w.cpu / w.probes * 1000, steadyCpu, lag[0], lag[1], rss, first);
    } finally {
      if (scraper >= 0) {
        vertx.cancelTimer(scraper);
      }
      agentProcess.destroy();
      agentProcess.waitFor(15, TimeUnit.SECONDS);
      await(client.close());
    }
  }

  record Window(String before, String after, double probes, double cpu, double elapsed) {}

  private static Window window(HttpClientAgent client, int agentPort, long pid, int seconds)
      throws Exception {
    String before = scrape(client, agentPort);
    long cpuBefore = cpuTicks(pid);
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    String after = scrape(client, agentPort);
    long cpuAfter = cpuTicks(pid);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    double probes =
        sum(after, "lookout_probe_duration_seconds_count")
            - sum(before, "lookout_probe_duration_seconds_count");
    return new Window(
        before, after, probes, (cpuAfter - cpuBefore) / (double) CLOCK_TICKS, elapsed);
  }

  private static void scrapeAsync(HttpClientAgent client, int port) {
    client
        .request(HttpMethod.GET, port, "127.0.0.1", "/metrics")
        .compose(r -> r.send())
        .compose(HttpClientResponse::body)
        .onFailure(e -> System.out.println("scrape failed: " + e.getMessage()));
  }

  /**
   * The distribution's launcher ({@code
   * -Dbench.launcher=agent/target/lookout-<version>/bin/lookout}), the agent {@code launcher} of
   * {@link #agents}: run as the README's run command does, with the launcher's own JVM options
   * (more through {@code LOOKOUT_JAVA_OPTS} in the environment); unset, the one next to the jar.
   */
  static final String LAUNCHER = System.getProperty("bench.launcher");

  /**
   * The interval of the throughput phase's 1,000 targets ({@code -Dbench.interval}): short enough
   * that the agent, not the schedule, is the limit (skipped starts show it).
   */
  static final String THROUGHPUT_INTERVAL = System.getProperty("bench.interval", "40ms");

  /**
   * The agent's {@code max_in_flight} ({@code -Dbench.maxInFlight}): by default as many probes at
   * once as blackbox_exporter is given concurrent {@code /probe} calls, so both work at the same
   * concurrency.
   */
  static final int MAX_IN_FLIGHT = Integer.getInteger("bench.maxInFlight", 64);

  /** Requests in flight against blackbox_exporter ({@code -Dbench.blackboxConcurrency}). */
  static final int BLACKBOX_CONCURRENCY = Integer.getInteger("bench.blackboxConcurrency", 64);

  /** What blackbox_exporter measured; 0 where a phase did not run. */
  static final class Blackbox {
    double ceiling;
    double ceilingCpu;
    double nginxCeiling;
    double pacedCpu;
    long pacedRssKib;
    double promBlackboxCpu;
    double promCpu;
  }

  /**
   * blackbox_exporter on the same targets: {@code /probe} as fast as it answers (against the canned
   * target and against nginx), then 100 probes/s paced by this process (1,000 targets every 10 s,
   * the everyday load), then the same load as it runs in production: a Prometheus scraping 1,000
   * probe targets every 10 s through it.
   */
  static Blackbox blackbox(Vertx vertx, int port, int nginxPort, int seconds) throws Exception {
    Path binary = Path.of("/usr/bin/prometheus-blackbox-exporter");
    if (!Files.isExecutable(binary)) {
      System.out.println(
          "blackbox_exporter: not installed (apt-get install prometheus-blackbox-exporter), no ratio");
      return null;
    }
    System.out.println();
    System.out.println("#### blackbox_exporter " + binary);
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
    Blackbox result = new Blackbox();
    try {
      Thread.sleep(1000);
      double[] canned = saturate(client, bb, bbPort, port, seconds, "the canned target");
      result.ceiling = canned[0];
      result.ceilingCpu = canned[1];
      if (nginxPort > 0) {
        result.nginxCeiling = saturate(client, bb, bbPort, nginxPort, seconds, "nginx")[0];
      }
      // 100 probes/s, one every 10 ms over 1,000 targets.
      System.out.println();
      System.out.println("== blackbox_exporter at 100 probes/s (1000 targets every 10 s), paced");
      AtomicLong sent = new AtomicLong();
      AtomicLong ok = new AtomicLong();
      long pacer =
          vertx.setPeriodic(
              10,
              id -> {
                long n = sent.getAndIncrement();
                client
                    .request(
                        HttpMethod.GET,
                        bbPort,
                        "127.0.0.1",
                        "/probe?module=http_2xx&target=http://127.0.0.1:" + port + "/t" + n % 1000)
                    .compose(r -> r.send())
                    .compose(HttpClientResponse::body)
                    .onSuccess(
                        body -> {
                          if (body.toString().contains("probe_success 1")) {
                            ok.incrementAndGet();
                          }
                        });
              });
      Thread.sleep(3000);
      long okBefore = ok.get();
      long cpuBefore = cpuTicks(bb.pid());
      long t0 = System.nanoTime();
      Thread.sleep(Math.max(seconds, 25) * 1000L);
      double cpu = (cpuTicks(bb.pid()) - cpuBefore) / (double) CLOCK_TICKS;
      double elapsed = (System.nanoTime() - t0) / 1e9;
      long probes = ok.get() - okBefore;
      vertx.cancelTimer(pacer);
      result.pacedCpu = cpu / probes * 1000;
      result.pacedRssKib = peakRssKib(bb.pid());
      System.out.printf(
          Locale.ROOT,
          "probes: %d in %.1f s = %.0f/s; CPU %.2f s (%.3f s per 1000 probes); peak RSS %.1f MiB%n",
          probes,
          elapsed,
          probes / elapsed,
          cpu,
          result.pacedCpu,
          result.pacedRssKib / 1024.0);
      prometheus(vertx, bb, bbPort, port, Math.max(seconds, 25), result);
      return result;
    } finally {
      bb.destroy();
      bb.waitFor(10, TimeUnit.SECONDS);
      await(client.close());
    }
  }

  /** Probes/s and CPU ms per probe with {@code /probe} as fast as blackbox_exporter answers. */
  private static double[] saturate(
      HttpClientAgent client, Process bb, int bbPort, int port, int seconds, String target)
      throws IOException {
    System.out.println();
    System.out.println(
        "== blackbox_exporter against "
            + target
            + ", "
            + BLACKBOX_CONCURRENCY
            + " concurrent /probe requests");
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
    return new double[] {rate, cpu / ok * 1000};
  }

  /**
   * blackbox_exporter as it runs in production: Prometheus scrapes 1,000 probe targets through it
   * every 10 s. CPU per probe of each process, probes counted by Prometheus's own scrape counter.
   */
  private static void prometheus(
      Vertx vertx, Process bb, int bbPort, int port, int seconds, Blackbox result)
      throws Exception {
    Path binary = Path.of("/usr/bin/prometheus");
    if (!Files.isExecutable(binary)) {
      System.out.println("prometheus: not installed (apt-get install prometheus), skipped");
      return;
    }
    System.out.println();
    System.out.println(
        "== blackbox_exporter driven by Prometheus: 1000 probe targets scraped every 10 s");
    Path dir = Files.createTempDirectory("prometheus-bench");
    StringBuilder yml =
        new StringBuilder(
            "global: {scrape_interval: 10s, scrape_timeout: 5s}\n"
                + "scrape_configs:\n"
                + "  - job_name: blackbox\n"
                + "    metrics_path: /probe\n"
                + "    params: {module: [http_2xx]}\n"
                + "    relabel_configs:\n"
                + "      - {source_labels: [__address__], target_label: __param_target}\n"
                + "      - {source_labels: [__param_target], target_label: instance}\n"
                + "      - {target_label: __address__, replacement: \"127.0.0.1:"
                + bbPort
                + "\"}\n"
                + "    static_configs:\n"
                + "      - targets:\n");
    for (int i = 0; i < 1000; i++) {
      yml.append("        - http://127.0.0.1:").append(port).append("/p").append(i).append('\n');
    }
    Files.writeString(dir.resolve("prometheus.yml"), yml);
    int promPort = freePort();
    Process prom =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + promPort,
                "--log.level=error")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    HttpClientAgent client = vertx.createHttpClient();
    try {
      Thread.sleep(15_000); // every target scraped at least once, the first head block cut
      String before = scrape(client, promPort);
      long bbBefore = cpuTicks(bb.pid());
      long promBefore = cpuTicks(prom.pid());
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      String after = scrape(client, promPort);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double bbCpu = (cpuTicks(bb.pid()) - bbBefore) / (double) CLOCK_TICKS;
      double promCpu = (cpuTicks(prom.pid()) - promBefore) / (double) CLOCK_TICKS;
      String scrapes = "prometheus_target_interval_length_seconds_count";
      double probes =
          before == null || after == null ? 0 : sum(after, scrapes) - sum(before, scrapes);
      if (probes <= 0) {
        System.out.println("prometheus: no scrapes counted, skipped");
        return;
      }
      result.promBlackboxCpu = bbCpu / probes * 1000;
      result.promCpu = promCpu / probes * 1000;
      System.out.printf(
          Locale.ROOT,
          "probes: %.0f in %.1f s = %.0f/s; CPU blackbox_exporter %.2f s (%.3f s per 1000),"
              + " Prometheus %.2f s (%.3f s per 1000); peak RSS Prometheus %.1f MiB%n",
          probes,
          elapsed,
          probes / elapsed,
          bbCpu,
          result.promBlackboxCpu,
          promCpu,
          result.promCpu,
          peakRssKib(prom.pid()) / 1024.0);
    } finally {
      prom.destroy();
      prom.waitFor(15, TimeUnit.SECONDS);
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

  /**
   * The benchmark's config in {@code dir}: the agent on {@code agentPort}, its state in {@code
   * dir}, {@code targets} http targets {@code t0 …} on the loopback target at {@code port}, every
   * {@code interval}.
   */
  static Path writeConfig(Path dir, int agentPort, int port, int targets, String interval)
      throws IOException {
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
    return config;
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
