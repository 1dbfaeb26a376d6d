package dev.lookout.check.http;

import dev.lookout.testing.HostileCase;
import dev.lookout.testing.HostileHarness;
import dev.lookout.testing.HostileServers;
import io.vertx.core.http.HttpServerRequest;
import java.util.stream.Stream;

/**
 * The http check's page expectations against hostile pages, through a running agent: the HTML is
 * parsed on a worker within the timeout, and every asset and file request is bounded too.
 */
class PageHostileCorpusTest extends HostileHarness {
  private static final String PAGE = "http: {url: \"http://127.0.0.1:PORT/\", max_body: 12MiB}";
  private static final String EXPECT =
      "expect: {no_mixed_content: true, assets: {max: 20}, no_exposed_files: true}";

  @Override
  protected Stream<HostileCase> cases() {
    return Stream.of(
        page(
            "200,000 nested elements",
            "<!doctype html><html><body>"
                + "<div>".repeat(200_000)
                + "<script src=/app.js></script>"),
        page("10 MB of attributes", attributes()),
        page(
            "broken markup",
            "<html><body><div <img src=\"http://x.test/a.png\" <p><script src=/b.js></scr"
                + "<table><tr><td><form action=http://x.test/login><<<>>>&&&;;<iframe src=\""),
        new HostileCase(
            "every asset and file request hangs",
            v ->
                HostileServers.http(
                    v,
                    req -> {
                      if (req.path().equals("/")) {
                        html(req, assetsPage());
                      }
                    }),
            PAGE + "\n" + EXPECT,
            "page checks did not finish within the timeout (1 s)"));
  }

  private static HostileCase page(String name, String html) {
    // Encoded once, not per request on the server's event loop.
    io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer(html);
    return new HostileCase(
        name,
        v ->
            HostileServers.http(
                v, req -> req.response().putHeader("Content-Type", "text/html").end(body)),
        PAGE + "\n" + EXPECT,
        "is served over http, not https: everything it loads is insecure");
  }

  private static void html(HttpServerRequest req, String body) {
    req.response().putHeader("Content-Type", "text/html").end(body);
  }

  private static String assetsPage() {
    StringBuilder b = new StringBuilder("<!doctype html><html><head>");
    for (int i = 0; i < 20; i++) {
      b.append("<script src=/s").append(i).append(".js></script>");
    }
    return b.append("</head></html>").toString();
  }

  private static String attributes() {
    StringBuilder b = new StringBuilder("<!doctype html><html><body><img src=\"/a.png\"");
    while (b.length() < 10 * 1024 * 1024) {
      b.append(" data-a").append(b.length()).append("=\"").append("x".repeat(40)).append('"');
    }
    return b.append("></body></html>").toString();
  }
}
