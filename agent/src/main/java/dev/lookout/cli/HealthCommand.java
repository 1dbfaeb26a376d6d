package dev.lookout.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

  @Override
  public Integer call() {
    // A one-shot CLI process: a blocking client is the simple, right tool here.
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    try {
      HttpResponse<Void> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 200) {
        return 0;
      }
      System.err.println(url + " answered " + response.statusCode());
    } catch (Exception e) {
      System.err.println(
          url
              + " did not answer: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
    return 1;
  }
}
