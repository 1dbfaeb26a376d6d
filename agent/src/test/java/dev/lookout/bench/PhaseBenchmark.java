package dev.lookout.bench;

import dev.lookout.check.http.HttpObservation;
import dev.lookout.check.http.HttpPhases;
import dev.lookout.check.http.HttpProbe;
import dev.lookout.config.Target;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestTargets;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Lookout's phase timings next to curl's for the same request on loopback: {@code time_connect}
 * (TCP), {@code time_appconnect} (TCP + TLS) and {@code time_total}, the median of N alternating
 * runs each. The target is the URL given ({@code -Dbench.url}, e.g. the nginx that {@code
 * bench/run-phase-benchmark.sh} starts, with {@code -Dbench.ca} and {@code -Dbench.connectTo}), or
 * else a Vert.x HTTPS server with TLS 1.3 only. Prints numbers; asserts nothing.
 */
public final class PhaseBenchmark {
  private PhaseBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("bench.runs", 20);
    // The agent's own transport: Linux's native epoll (the kernel times the TCP handshake there).
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    SelfSignedCertificate cert = null;
    String url = System.getProperty("bench.url");
    String ca = System.getProperty("bench.ca");
    String connectTo = System.getProperty("bench.connectTo");
    if (url == null) {
      cert = SelfSignedCertificate.create("localhost");
      HttpServer server =
          vertx
              .createHttpServer(
                  new HttpServerOptions()
                      .setHost("127.0.0.1")
                      .setSsl(true)
                      .setEnabledSecureTransportProtocols(java.util.Set.of("TLSv1.3"))
                      .setKeyCertOptions(cert.keyCertOptions()))
              .requestHandler(r -> r.response().end("ok\n"))
              .listen(0)
              .await();
      url = "https://localhost:" + server.actualPort() + "/";
      ca = cert.certificatePath();
      connectTo = "127.0.0.1";
    }
    try {
      for (String u : targets(url)) {
        compare(vertx, u, ca, connectTo, runs);
      }
    } finally {
      vertx.close().await();
      if (cert != null) {
        cert.delete();
      }
    }
  }

  /** The URL, and its plain-http twin when {@code -Dbench.plainUrl} names one. */
  private static List<String> targets(String url) {
    String plain = System.getProperty("bench.plainUrl");
    return plain == null ? List.of(url) : List.of(plain, url);
  }

  private static void compare(Vertx vertx, String url, String ca, String connectTo, int runs)
      throws Exception {
    boolean https = url.startsWith("https:");
    Target target =
        TestTargets.target(
            "name: bench\n  http: {url: \""
                + url
                + "\""
                + (https && ca != null ? ", ca_file: \"" + ca + "\"" : "")
                + (connectTo != null ? ", connect_to: " + connectTo : "")
                + (Boolean.getBoolean("bench.keepAlive") ? ", keep_alive: true" : "")
                + "}\n  timeout: 5s");
    Probe probe = new HttpProbe(vertx, HostResolver.system(), "Lookout/bench");
    double[][] curl = new double[3][runs];
    double[][] ours = new double[3][runs];
    // Warm both up: the JVM's first handshake loads classes, curl's first run fills the page cache.
    for (int i = 0; i < 5; i++) {
      probeOnce(vertx, probe, target);
      curlOnce(url, ca, connectTo);
    }
    for (int i = 0; i < runs; i++) {
      double[] c = curlOnce(url, ca, connectTo);
      ProbeResult r = probeOnce(vertx, probe, target);
      if (r.failure() != null) {
        throw new IllegalStateException("the probe failed: " + r.failure());
      }
      HttpPhases p = ((HttpObservation) r.observation()).phases();
      if (Boolean.getBoolean("bench.verbose")) {
        System.out.println(p + " total " + r.seconds());
      }
      curl[0][i] = c[0];
      curl[1][i] = c[1];
      curl[2][i] = c[2];
      ours[0][i] = p.dns() + p.connect();
      ours[1][i] = p.dns() + p.connect() + p.tls();
      ours[2][i] = r.seconds();
    }
    System.out.printf(Locale.ROOT, "%s (median of %d, ms)%n", url, runs);
    System.out.printf(Locale.ROOT, "  %-16s %10s %10s %10s%n", "", "curl", "lookout", "difference");
    String[] names = {"time_connect", "time_appconnect", "time_total"};
    for (int k = 0; k < 3; k++) {
      if (k == 1 && !https) {
        continue;
      }
      double a = median(curl[k]) * 1000;
      double b = median(ours[k]) * 1000;
      System.out.printf(Locale.ROOT, "  %-16s %10.3f %10.3f %+10.3f%n", names[k], a, b, b - a);
    }
  }

  private static ProbeResult probeOnce(Vertx vertx, Probe probe, Target target) {
    Promise<ProbeResult> p = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> probe.run(target).onComplete(p));
    return p.future().await();
  }

  /** curl's time_connect, time_appconnect (0 for http) and time_total, in seconds. */
  private static double[] curlOnce(String url, String ca, String connectTo)
      throws IOException, InterruptedException {
    URI u = URI.create(url);
    int port = u.getPort() > 0 ? u.getPort() : url.startsWith("https:") ? 443 : 80;
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "curl",
                "-s",
                "--no-sessionid",
                "-H",
                "Connection: close",
                "-o",
                "/dev/null",
                "-o",
                "/dev/null",
                "-w",
                "%{time_connect} %{time_appconnect} %{time_total}\\n"));
    if (ca != null && url.startsWith("https:")) {
      cmd.addAll(List.of("--cacert", ca));
    }
    if (connectTo != null) {
      cmd.addAll(List.of("--resolve", u.getHost() + ":" + port + ":" + connectTo));
    }
    // The URL twice in one curl: the second transfer is a new connection with a full handshake
    // (no session reuse), timed without curl's own start-up (its TLS library's first handshake,
    // loading the CA file), as the agent's numbers are without the JVM's.
    cmd.add(url);
    cmd.add(url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("curl failed: " + out);
    }
    String[] lines = out.split("\n");
    return Arrays.stream(lines[lines.length - 1].trim().split(" "))
        .mapToDouble(Double::parseDouble)
        .toArray();
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
