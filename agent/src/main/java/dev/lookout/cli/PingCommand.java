package dev.lookout.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lookout ping URL [-- COMMAND…]}: reports to a heartbeat target. Alone, one success ping.
 * With a command: a start ping, the command (its output passed through), then its exit status with
 * the tail of its output as the log excerpt; exits with the command's status. A ping that cannot be
 * sent is said on stderr and never stops the job: the job matters more than its monitoring.
 */
@Command(
    name = "ping",
    mixinStandardHelpOptions = true,
    description = {
      "Report to a heartbeat target: one success ping, or wrap a command:",
      "  lookout ping http://lookout:9464/ping/backup -- /usr/local/bin/backup.sh",
      "The token comes from $LOOKOUT_PING_TOKEN or --token-file, never the command line."
    })
final class PingCommand implements Callable<Integer> {
  /** The tail of the output sent with the exit status; the agent keeps at most 10 KiB. */
  static final int TAIL_BYTES = 10 * 1024;

  static final String TOKEN_ENV = "LOOKOUT_PING_TOKEN";

  @Parameters(index = "0", paramLabel = "URL", description = "The target's ping URL.")
  String url;

  @Parameters(
      index = "1..*",
      arity = "0..*",
      paramLabel = "COMMAND",
      description = "The command to run (after --), with its arguments.")
  List<String> command = new ArrayList<>();

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "A file holding the token (default: $" + TOKEN_ENV + ").")
  Path tokenFile;

  @Option(
      names = "--also",
      paramLabel = "URL",
      description =
          "The same target's ping URL on another agent (an HA pair, a re-sharded fleet);"
              + " repeatable. Every agent gets every ping.")
  List<String> also = new ArrayList<>();

  @Option(names = "--fail", description = "Without a command: send a failure instead of a success.")
  boolean fail;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long each ping may take (default: 10).")
  int timeoutSeconds = 10;

  private HttpClient client;
  private List<String> bases;
  private String token;

  @Override
  public Integer call() throws IOException, InterruptedException {
    bases = new ArrayList<>();
    for (String u : concat(url, also)) {
      bases.add(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }
    token = tokenFile != null ? Files.readString(tokenFile).strip() : System.getenv(TOKEN_ENV);
    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeoutSeconds)).build();
    if (command.isEmpty()) {
      return send(fail ? "/fail" : "", "", "") ? 0 : 1;
    }
    String rid = HexFormat.of().formatHex(randomBytes());
    send("/start", rid, "");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.INHERIT)
              .start();
    } catch (IOException e) {
      String why = command.get(0) + " could not be started (" + reason(e) + ")";
      System.err.println("lookout ping: " + why);
      send("/127", rid, why + "\n");
      return 127;
    }
    Tail tail = new Tail(TAIL_BYTES);
    copy(process.getInputStream(), System.out, tail);
    int status = process.waitFor();
    send("/" + Math.min(status, 255), rid, tail.text());
    return status;
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[6];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  private static void copy(InputStream in, OutputStream out, Tail tail) throws IOException {
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) >= 0; ) {
      out.write(buf, 0, n);
      out.flush();
      tail.add(buf, n);
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  /** Sends one ping to every agent; returns whether at least one took it. */
  private boolean send(String suffix, String rid, String body) throws InterruptedException {
    boolean taken = false;
    for (String base : bases) {
      taken |= sendOne(base + suffix, rid, body);
    }
    return taken;
  }

  /** Sends one ping; says on stderr why it failed, and returns whether it was taken. */
  private boolean sendOne(String target, String rid, String body) throws InterruptedException {
    String uri =
        target + (rid.isEmpty() ? "" : "?rid=" + URLEncoder.encode(rid, StandardCharsets.UTF_8));
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(uri))
            .timeout(Duration.ofSeconds(timeoutSeconds))
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (token != null && !token.isEmpty()) {
      req.header("Authorization", "Bearer " + token);
    }
    String shown = target.replaceFirst("^(\\w+://[^/]+).*", "$1") + URI.create(uri).getRawPath();
    try {
      HttpResponse<String> r = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return true;
      }
      System.err.println(
          "lookout ping: " + shown + " answered " + r.statusCode() + " " + r.body().strip());
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("lookout ping: " + shown + " did not answer (" + reason(e) + ")");
    }
    return false;
  }

  private String reason(Exception e) {
    if (e instanceof HttpTimeoutException) {
      return "timed out after " + timeoutSeconds + " s";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    return e.getMessage() == null ? "failed" : e.getMessage();
  }

  /** The last bytes of the output, starting at a line where possible. */
  static final class Tail {
    private final int max;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private byte[] ring;
    private int size;
    private int start;
    private long seen;

    Tail(int max) {
      this.max = max;
      this.ring = new byte[max];
    }

    void add(byte[] b, int n) {
      for (int i = 0; i < n; i++) {
        ring[(start + size) % max] = b[i];
        if (size < max) {
          size++;
        } else {
          start = (start + 1) % max;
        }
      }
      seen += n;
    }

    String text() {
      kept.reset();
      for (int i = 0; i < size; i++) {
        kept.write(ring[(start + i) % max]);
      }
      byte[] bytes = kept.toByteArray();
      int from = 0;
      if (seen > max) {
        for (int i = 0; i < bytes.length - 1; i++) {
          if (bytes[i] == '\n') {
            from = i + 1;
            break;
          }
        }
      }
      return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    }
  }
}
