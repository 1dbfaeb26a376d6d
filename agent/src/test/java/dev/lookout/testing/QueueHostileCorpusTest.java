package dev.lookout.testing;

import java.util.stream.Stream;

/**
 * The queue check against the hostile corpus: stats endpoints that answer numbers no backlog can
 * be, documents that are not JSON, and the misbehaviours of any HTTP peer.
 */
class QueueHostileCorpusTest extends HostileHarness {
  private static final String QUEUE =
      "queue: {url: \"http://127.0.0.1:PORT/stats\", depth: /messages_ready}";

  private static HostileCase stats(String name, String body, String reason) {
    return new HostileCase(
        name,
        v ->
            HostileServers.http(
                v, req -> req.response().putHeader("Content-Type", "application/json").end(body)),
        QUEUE,
        reason);
  }

  @Override
  protected Stream<HostileCase> cases() {
    return Stream.of(
        stats(
            "a depth beyond any double (1e309)",
            "{\"messages_ready\": 1e309}",
            "depth at /messages_ready is not a finite number"),
        stats(
            "a 33-digit depth",
            "{\"messages_ready\": 123456789012345678901234567890123}",
            "depth at /messages_ready is out of range"),
        stats("not JSON at all", "<html>login</html>", "body is not JSON: <html>login</html>"),
        new HostileCase(
            "a stats endpoint that never answers", HostileServers::silent, QUEUE, "within 1 s"),
        new HostileCase(
            "binary garbage instead of HTTP",
            v -> HostileServers.answering(v, HostileServers.garbage()),
            QUEUE,
            "127.0.0.1:PORT"));
  }
}
