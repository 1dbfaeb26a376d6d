package dev.lookout.check.heartbeat;

import dev.lookout.check.heartbeat.HeartbeatMeters.Result;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ping API, a sub-router the agent's listener mounts at {@code /ping/*}: {@code GET} or {@code
 * POST /ping/<target>} (success), {@code /start}, {@code /fail} and {@code /<exit-status>}, with an
 * optional {@code ?rid=}. The request body (up to {@link Ping#MAX_LOG_BYTES}) becomes the run's log
 * excerpt. Answers are small JSON so {@code curl -fsS} in a crontab line just works.
 *
 * <p>A wrong or missing token is a {@code 401} that changes nothing; an unknown target a {@code
 * 404}. Both count as bad pings, and an address with too many of them gets {@code 429} before its
 * token is looked at. Tokens are compared in constant time and never logged or counted by value.
 *
 * <p>Mount it before any handler that completes asynchronously (or pause the request): the body is
 * read as it streams in, so it must not have started before this handler runs.
 */
public final class PingApi {
  private static final Logger LOG = LoggerFactory.getLogger(PingApi.class);

  /** The most of a body read at all; a longer one is refused and its connection closed. */
  static final long MAX_BODY_BYTES = 1024 * 1024;

  static final int BAD_PINGS_PER_WINDOW = 10;
  static final Duration BAD_PING_WINDOW = Duration.ofMinutes(1);
  private static final Pattern RID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Pattern STATUS = Pattern.compile("\\d{1,3}");

  private final Vertx vertx;
  private final Heartbeats heartbeats;
  private final HeartbeatMeters meters;
  private final Clock clock;
  private final BadPingLimiter limiter;

  public PingApi(Vertx vertx, Heartbeats heartbeats, HeartbeatMeters meters, Clock clock) {
    this(vertx, heartbeats, meters, clock, BAD_PINGS_PER_WINDOW, BAD_PING_WINDOW);
  }

  PingApi(
      Vertx vertx,
      Heartbeats heartbeats,
      HeartbeatMeters meters,
      Clock clock,
      int badPingsPerWindow,
      Duration window) {
    this.vertx = vertx;
    this.heartbeats = heartbeats;
    this.meters = meters;
    this.clock = clock;
    this.limiter = new BadPingLimiter(clock, badPingsPerWindow, window);
  }

  /** The sub-router: mount it with {@code router.route("/ping/*").subRouter(api.router())}. */
  public Router router() {
    Router router = Router.router(vertx);
    router
        .route("/:target")
        .method(HttpMethod.GET)
        .method(HttpMethod.POST)
        .handler(ctx -> handle(ctx, null));
    router
        .route("/:target/:action")
        .method(HttpMethod.GET)
        .method(HttpMethod.POST)
        .handler(ctx -> handle(ctx, ctx.pathParam("action")));
    router
        .route()
        .handler(ctx -> answer(ctx, 404, error("use /ping/<target>[/start|/fail|/<0-255>]")));
    return router;
  }

  private void handle(RoutingContext ctx, String action) {
    HttpServerRequest req = ctx.request();
    if (!req.isEnded()) {
      req.pause();
    }
    String source = req.remoteAddress() == null ? "" : req.remoteAddress().hostAddress();
    String target = ctx.pathParam("target");
    Duration wait = limiter.waitFor(source);
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      ctx.response().putHeader("Retry-After", Long.toString(seconds));
      answer(
          ctx, 429, error("too many bad pings from this address: try again in " + seconds + " s"));
      return;
    }
    HeartbeatCheck check = heartbeats.check(target);
    if (check == null) {
      limiter.bad(source);
      meters.counted(target, Result.UNKNOWN);
      answer(ctx, 404, error("no heartbeat target \"" + clip(target) + "\" in the config"));
      return;
    }
    if (!authorized(check.token(), req)) {
      limiter.bad(source);
      meters.counted(target, Result.UNAUTHORIZED);
      LOG.info(
          "heartbeat {}: refused a ping with a wrong or missing token from {}", target, source);
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      answer(
          ctx,
          401,
          error(
              "wrong or missing token: send it as \"Authorization: Bearer <token>\" or"
                  + " ?token=<token>"));
      return;
    }
    String rid = req.getParam("rid", "");
    if (!rid.isEmpty() && !RID.matcher(rid).matches()) {
      answer(ctx, 400, error("rid must be 1 to 64 letters, digits or . _ : -"));
      return;
    }
    Ping ping = ping(action, rid);
    if (ping == null) {
      answer(
          ctx,
          404,
          error(
              "\""
                  + clip(action)
                  + "\" is not a ping: use /ping/<target>, /start, /fail or an exit status"
                  + " 0-255"));
      return;
    }
    readBody(ctx, ping, target);
  }

  private Ping ping(String action, String rid) {
    java.time.Instant now = clock.instant();
    if (action == null) {
      return Ping.success(now, rid);
    }
    switch (action.toLowerCase(Locale.ROOT)) {
      case "start":
        return Ping.start(now, rid);
      case "fail":
        return Ping.fail(now, rid);
      default:
        if (STATUS.matcher(action).matches() && Integer.parseInt(action) <= 255) {
          return Ping.exit(now, rid, Integer.parseInt(action));
        }
        return null;
    }
  }

  /** Keeps the first {@link Ping#MAX_LOG_BYTES} of the body and counts the rest. */
  private void readBody(RoutingContext ctx, Ping ping, String target) {
    HttpServerRequest req = ctx.request();
    if (req.isEnded()) {
      record(ctx, ping, target, Buffer.buffer(), 0);
      return;
    }
    Buffer kept = Buffer.buffer();
    long[] total = {0};
    boolean[] refused = {false};
    req.handler(
        chunk -> {
          if (refused[0]) {
            return;
          }
          total[0] += chunk.length();
          int room = Ping.MAX_LOG_BYTES - kept.length();
          if (room > 0) {
            kept.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
          }
          if (total[0] > MAX_BODY_BYTES) {
            refused[0] = true;
            ctx.response().putHeader("Connection", "close");
            answer(
                ctx,
                413,
                error(
                    "the body is larger than 1 MiB: send the tail of the log (the first "
                        + Ping.MAX_LOG_BYTES / 1024
                        + " KiB are kept)"));
            req.connection().close();
          }
        });
    req.exceptionHandler(e -> refused[0] = true);
    req.endHandler(
        v -> {
          if (!refused[0]) {
            record(ctx, ping, target, kept, total[0] - kept.length());
          }
        });
    req.resume();
  }

  private void record(RoutingContext ctx, Ping ping, String target, Buffer body, long cut) {
    Ping withLog = ping.withLog(body.toString(StandardCharsets.UTF_8), cut);
    meters.counted(target, ping.kind() == Ping.Kind.FAIL ? Result.FAIL : Result.OK);
    LOG.debug("heartbeat {}: {} ping", target, ping.kind().key());
    heartbeats
        .record(target, withLog)
        .onComplete(
            done -> {
              if (done.failed()) {
                LOG.warn(
                    "heartbeat {}: the ping is applied but could not be saved to the state"
                        + " directory ({}); it is lost if the agent restarts before the next one",
                    target,
                    done.cause().getMessage());
                answer(ctx, 503, error("the ping was taken but could not be saved"));
                return;
              }
              JsonObject ok = new JsonObject().put("ok", true);
              if (cut > 0) {
                ok.put("log_cut_bytes", cut);
              }
              answer(ctx, 200, ok);
            });
  }

  private static boolean authorized(String token, HttpServerRequest req) {
    if (token == null) {
      return true;
    }
    String given = null;
    String header = req.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = header.substring(7).strip();
    } else {
      given = req.getParam("token");
    }
    return given != null && sameInConstantTime(given, token);
  }

  /**
   * Compares digests, so neither the position of the first difference nor the token's length shows
   * in the time the comparison takes.
   */
  static boolean sameInConstantTime(String given, String expected) {
    return MessageDigest.isEqual(sha256(given), sha256(expected));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("ok", false).put("error", message);
  }

  private static String clip(String s) {
    String one = s.replaceAll("\\p{Cntrl}", "?");
    return one.length() > 80 ? one.substring(0, 80) + "…" : one;
  }

  private static void answer(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode() + "\n");
  }
}
