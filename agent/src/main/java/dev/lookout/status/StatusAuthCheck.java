package dev.lookout.status;

import dev.lookout.config.StatusAuth;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Guards the status page, {@code /api/status} and {@code /metrics} when {@code agent.auth} is set:
 * a bearer token or basic credentials, compared in constant time so the answer's timing does not
 * leak how much of a guess was right. Passes everything through when auth is off.
 */
public final class StatusAuthCheck implements Handler<RoutingContext> {
  private final Supplier<StatusAuth> auth;

  /** {@code auth} is asked at every request, so a config reload applies without a restart. */
  public StatusAuthCheck(Supplier<StatusAuth> auth) {
    this.auth = auth;
  }

  @Override
  public void handle(RoutingContext rc) {
    StatusAuth a = auth.get();
    if (a == null || allowed(a, rc.request().getHeader("Authorization"))) {
      rc.next();
      return;
    }
    rc.response()
        .setStatusCode(401)
        .putHeader(
            "WWW-Authenticate",
            a.basic() ? "Basic realm=\"lookout\", charset=\"UTF-8\"" : "Bearer realm=\"lookout\"")
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end("authentication required\n");
  }

  /** Whether an {@code Authorization} header value carries the configured credentials. */
  public static boolean allowed(StatusAuth a, String header) {
    if (header == null) {
      return false;
    }
    String expected;
    String scheme = a.basic() ? "Basic " : "Bearer ";
    if (header.length() < scheme.length()
        || !header.regionMatches(true, 0, scheme, 0, scheme.length())) {
      return false;
    }
    String given = header.substring(scheme.length()).trim();
    if (a.basic()) {
      try {
        given = new String(Base64.getDecoder().decode(given), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return false;
      }
      expected = a.username() + ":" + a.password();
    } else {
      expected = a.bearerToken();
    }
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
