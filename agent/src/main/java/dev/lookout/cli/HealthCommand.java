package dev.lookout.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lookout health [URL]}: exit 0 if a running agent answers {@code /healthz} (Docker
 * HEALTHCHECK).
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = "Exit 0 if a running agent answers /healthz.")
final class HealthCommand implements Callable<Integer> {
  @Parameters(
      arity = "0..1",
      paramLabel = "URL",
      description = "Default: http://127.0.0.1:9464/healthz")
  String url = "http://127.0.0.1:9464/healthz";

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  @Override
  public Integer call() {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      System.err.println(
          "\"" + url + "\" is not an http:// URL (like http://127.0.0.1:9464/healthz)");
      return 1;
    }
    // A one-shot CLI process: a blocking client is the simple, right tool here.
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    try {
      HttpResponse<Void> response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 200) {
        return 0;
      }
      System.err.println(url + " answered " + response.statusCode());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.err.println("interrupted while asking " + url);
    } catch (IOException e) {
      System.err.println(why(e));
    }
    return 1;
  }

  /** What went wrong, in the words of someone checking whether the agent runs. */
  private String why(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return url
          + " did not answer within 3 s: the agent may be stuck or overloaded, or something else"
          + " listens there";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "nothing answers at " + url + " (connection refused): is the agent running?";
      }
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "cannot resolve the host of " + url;
      }
    }
    return url
        + " did not answer ("
        + (e.getMessage() == null ? "the connection failed" : e.getMessage())
        + ")";
  }
}
