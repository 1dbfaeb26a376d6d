package dev.lookout.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Start-up alone, measured as {@link Benchmark} measures it: process start to the first scrape of
 * {@code /metrics} (polled every 20 ms) that counts a probe, with the distribution's launcher
 * ({@code bin/lookout run}: its jlinked runtime, JVM flags and AppCDS archive) watching 1,000 http
 * targets every 10 s on the benchmark's canned loopback target. Each start is a fresh process with
 * a fresh state directory; the agent is stopped once the first probe shows. Numbers, not assertions
 * (it also prints the agent's CPU time until the first probe, which the machine's other load does
 * not inflate as it does the wall clock): this class's main with the test classpath and the
 * distribution's directory as its argument, or several directories to compare builds, which then
 * take turns ({@code -Dbench.targets=}, {@code -Dbench.runs=}, default 10). {@code
 * -Dbench.log=true} prints, after each start, the agent's log and {@code MARK <epoch ms> <what>}
 * lines for the process start and each scrape, to line up with the same lines a build instrumented
 * by hand prints.
 */
public final class StartupBenchmark {
  private StartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int targets = Integer.getInteger("bench.targets", 1000);
    int runs = Integer.getInteger("bench.runs", 10);
    List<Path> dists = new ArrayList<>();
    for (String a : args.length > 0 ? args : new String[] {"agent/target/lookout-0.1.0-SNAPSHOT"}) {
      dists.add(Path.of(a).toAbsolutePath());
    }
    TargetServer site = TargetServer.start();
    Vertx vertx = Vertx.vertx();
    HttpClientAgent client = vertx.createHttpClient();
    double[][] seconds = new double[dists.size()][runs];
    double[][] cpu = new double[dists.size()][runs];
    try {
      // The bench's own client is warmed first, so its first request is not charged to the agent.
      for (int i = 0; i < 20; i++) {
        Benchmark.scrape(client, site.port());
      }
      // Several distributions take turns, so the machine's load of the moment falls on each alike.
      for (int run = 0; run < runs; run++) {
        for (int d = 0; d < dists.size(); d++) {
          double[] first = firstProbe(client, dists.get(d), targets, site.port());
          seconds[d][run] = first[0];
          cpu[d][run] = first[1];
          System.out.printf(
              Locale.ROOT,
              "start %d of %s: first probe after %.3f s, %.2f s of CPU%n",
              run + 1,
              dists.get(d),
              first[0],
              first[1]);
        }
      }
    } finally {
      Benchmark.await(vertx.close());
      site.close();
    }
    for (int d = 0; d < dists.size(); d++) {
      double[] sorted = seconds[d].clone();
      Arrays.sort(sorted);
      double[] cpuSorted = cpu[d].clone();
      Arrays.sort(cpuSorted);
      System.out.printf(
          Locale.ROOT,
          "%d starts, %d targets, %s/bin/lookout: first probe median %.3f s, min %.3f s, max %.3f s;"
              + " CPU until then median %.2f s%n",
          runs,
          targets,
          dists.get(d),
          sorted[runs / 2],
          sorted[0],
          sorted[runs - 1],
          cpuSorted[runs / 2]);
    }
  }

  /**
   * One start: seconds to the first probe seen, and the agent's CPU seconds until then (user and
   * system, all threads: what a loaded machine's wall clock hides).
   */
  private static double[] firstProbe(HttpClientAgent client, Path dist, int targets, int sitePort)
      throws Exception {
    Path dir = Files.createTempDirectory("lookout-start");
    int port = Benchmark.freePort();
    Path config = Benchmark.writeConfig(dir, port, sitePort, targets, "10s");
    List<String> command = new ArrayList<>(List.of(dist.resolve("bin/lookout").toString()));
    command.addAll(List.of("run", "-c", config.toString()));
    long startedAt = System.nanoTime();
    long startedWall = System.currentTimeMillis();
    StringBuilder trace = new StringBuilder();
    Process agent =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("agent.log").toFile())
            .start();
    try {
      while (System.nanoTime() - startedAt < TimeUnit.SECONDS.toNanos(30)) {
        long asked = System.currentTimeMillis();
        String metrics = Benchmark.scrape(client, port);
        if (metrics != null) {
          trace.append(
              String.format(
                  Locale.ROOT,
                  "MARK %d scrape-asked%nMARK %d scrape-answered%n",
                  asked,
                  System.currentTimeMillis()));
        }
        if (metrics != null && Benchmark.sum(metrics, "lookout_probe_duration_seconds_count") > 0) {
          double wall = (System.nanoTime() - startedAt) / 1e9;
          return new double[] {
            wall, Benchmark.cpuTicks(agent.pid()) / (double) Benchmark.CLOCK_TICKS
          };
        }
        Thread.sleep(20);
      }
      return new double[] {Double.NaN, Double.NaN};
    } finally {
      agent.destroy();
      agent.waitFor(15, TimeUnit.SECONDS);
      if (Boolean.getBoolean("bench.log")) {
        System.out.println("MARK " + startedWall + " process-start");
        System.out.print(trace);
        System.out.print(Files.readString(dir.resolve("agent.log")));
      }
    }
  }
}
