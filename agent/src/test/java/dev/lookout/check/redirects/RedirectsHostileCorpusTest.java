package dev.lookout.check.redirects;

import dev.lookout.testing.HostileCase;
import dev.lookout.testing.HostileHarness;
import dev.lookout.testing.HostileServers;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/** The redirects check against the hostile corpus: every hop is bounded like an http probe. */
class RedirectsHostileCorpusTest extends HostileHarness {
  private static final String CHECK =
      "redirects: {canonical: \"http://127.0.0.1:PORT/\", from: [\"http://127.0.0.1:PORT/a\"]}";

  @Override
  protected Stream<HostileCase> cases() {
    return Stream.of(
        new HostileCase(
            "slowloris: headers dribbled one line at a time",
            v -> HostileServers.dribbling(v, "HTTP/1.1 301 Moved\r\n", "X-Slow: a\r\n", 100),
            CHECK,
            "the response headers from 127.0.0.1:"),
        new HostileCase(
            "a redirect loop",
            v ->
                HostileServers.http(
                    v,
                    req ->
                        req.response()
                            .setStatusCode(301)
                            .putHeader("Location", req.path().equals("/a") ? "/b" : "/a")
                            .end()),
            CHECK,
            "redirect loop back to http://127.0.0.1:PORT/a"),
        new HostileCase(
            "an endless chain of new URLs",
            v ->
                HostileServers.http(
                    v,
                    req ->
                        req.response()
                            .setStatusCode(301)
                            .putHeader("Location", req.path() + "x")
                            .end()),
            CHECK,
            "stopped after 10 redirects (max_redirects)"),
        new HostileCase(
            "a redirect to a scheme that is not http",
            v ->
                HostileServers.http(
                    v,
                    req ->
                        req.response()
                            .setStatusCode(301)
                            .putHeader("Location", "gopher://127.0.0.1/")
                            .end()),
            CHECK,
            "redirect to an unsupported URL: gopher://127.0.0.1/"),
        new HostileCase(
            "binary garbage instead of HTTP",
            v -> HostileServers.answering(v, HostileServers.garbage()),
            CHECK,
            "did not answer with valid HTTP"),
        new HostileCase(
            "a status line that is not HTTP",
            v ->
                HostileServers.answering(
                    v, "HTTP/1.1 abc\0\1 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)),
            CHECK,
            "did not answer with valid HTTP: the status line is not HTTP"),
        new HostileCase("silence", HostileServers::silent, CHECK, "127.0.0.1:PORT"));
  }
}
