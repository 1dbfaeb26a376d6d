package dev.lookout.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx as a benchmark target: one worker, {@code return 200}, no access log, on a free
 * loopback port, in the foreground as this process's child. A real server's cost per request, next
 * to the canned one-loop target's: the ceiling of both tools depends on it.
 */
final class Nginx {
  private static final Path BINARY = Path.of("/usr/sbin/nginx");

  private final Process process;
  private final int port;

  private Nginx(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** nginx on a free port, or null when it is not installed or does not start. */
  static Nginx start() throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      return null;
    }
    Path dir = Files.createTempDirectory("nginx-bench");
    int port = Benchmark.freePort();
    Files.writeString(
        dir.resolve("nginx.conf"),
        "worker_processes 1;\n"
            + "daemon off;\n"
            + "pid "
            + dir.resolve("nginx.pid")
            + ";\n"
            + "error_log "
            + dir.resolve("error.log")
            + ";\n"
            + "events { worker_connections 4096; }\n"
            + "http {\n"
            + "  access_log off;\n"
            + "  client_body_temp_path "
            + dir
            + ";\n"
            + "  server { listen 127.0.0.1:"
            + port
            + " backlog=4096; location / { return 200 \"ok\\n\"; } }\n"
            + "}\n");
    Process process =
        new ProcessBuilder(
                BINARY.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new Nginx(process, port);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    process.destroy();
    System.out.println("nginx: did not start: " + Files.readString(dir.resolve("nginx.out")));
    return null;
  }

  int port() {
    return port;
  }

  void close() throws InterruptedException {
    process.destroy(); // SIGTERM: nginx's fast shutdown
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
