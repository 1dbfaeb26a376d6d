package dev.lookout.status;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The page's stylesheet and script, read once from the jar ({@code status/} resources) and served
 * from memory: nothing from a CDN, so the page works on an air-gapped network. Their URLs carry a
 * hash of their content, so a browser may keep them for a year and still never runs an old script
 * against a new agent.
 */
public final class StatusAssets {
  private static final Map<String, String> TYPES =
      Map.of(
          "status.css", "text/css; charset=utf-8",
          "status.js", "text/javascript; charset=utf-8");

  private final Map<String, byte[]> files;
  private final String version;

  private StatusAssets(Map<String, byte[]> files, String version) {
    this.files = files;
    this.version = version;
  }

  /** Reads the files from the classpath: blocking, so call it off the event loop, once. */
  public static StatusAssets load(String agentVersion) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(agentVersion.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Map<String, byte[]> files = new java.util.HashMap<>();
      for (String name : TYPES.keySet()) {
        try (InputStream in = StatusAssets.class.getResourceAsStream("/status/" + name)) {
          if (in == null) {
            throw new IllegalStateException("status/" + name + " is missing from the jar");
          }
          byte[] bytes = in.readAllBytes();
          digest.update(bytes);
          files.put(name, bytes);
        }
      }
      return new StatusAssets(
          Map.copyOf(files), HexFormat.of().formatHex(digest.digest()).substring(0, 12));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The token in the assets' URLs; changes whenever their content or the agent's version does. */
  public String version() {
    return version;
  }

  public void serve(RoutingContext rc) {
    String name = rc.pathParam("file");
    byte[] body = files.get(name);
    HttpServerResponse r = rc.response();
    if (body == null) {
      r.setStatusCode(404).putHeader("Content-Type", "text/plain").end("not found\n");
      return;
    }
    String etag = "\"" + version + "\"";
    secure(r).putHeader("Content-Type", TYPES.get(name)).putHeader("ETag", etag);
    // A URL with the current token never changes content; any other may, so revalidate it.
    r.putHeader(
        "Cache-Control",
        version.equals(rc.queryParams().get("v"))
            ? "public, max-age=31536000, immutable"
            : "no-cache");
    if (etag.equals(rc.request().getHeader("If-None-Match"))) {
      r.setStatusCode(304).end();
      return;
    }
    // A fresh buffer per response: a Buffer shared between responses is not safe to write twice.
    r.end(Buffer.buffer(body));
  }

  /** Headers every page resource carries: only our own script and style may run or apply. */
  public static HttpServerResponse secure(HttpServerResponse r) {
    return r.putHeader(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
  }
}
