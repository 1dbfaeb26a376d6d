package dev.lookout.web;

import dev.lookout.config.HostPort;
import dev.lookout.config.StatusAuth;
import dev.lookout.status.StatusAssets;
import dev.lookout.status.StatusAuthCheck;
import dev.lookout.status.StatusBoard;
import dev.lookout.status.StatusView.AgentInfo;
import dev.lookout.status.StatusWarmup;
import dev.lookout.status.TargetPage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The agent's own HTTP endpoints: the status page at {@code /} (with its CSS and script under
 * {@code /status/}), {@code /metrics} (Prometheus text or OpenMetrics, by {@code Accept}), {@code
 * /healthz} (the process answers), {@code /readyz} (started, and no readiness reason such as
 * overload holds) and {@code /api/status} (every target's state as JSON, never a secret). With
 * {@code agent.auth} set, the page, {@code /api/status} and {@code /metrics} ask for credentials;
 * health checks never do. Everything it shows it reads through a {@link StatusSource}.
 */
public final class StatusServer {
  private final Vertx vertx;
  private final StatusSource source;
  private HttpServer server;
  private StatusAssets assets;

  /** The page's rows and the API's targets as last rendered, kept up to date a target at a time. */
  private final StatusBoard board = new StatusBoard();

  private String selfHost = "127.0.0.1";
  private final java.util.Map<String, Router> mounts = new java.util.LinkedHashMap<>();

  public StatusServer(Vertx vertx, StatusSource source) {
    this.vertx = vertx;
    this.source = source;
  }

  /**
   * Serves {@code sub} under {@code path} (like {@code /ping/*}) once listening; a check type's own
   * API, which authenticates its requests itself.
   */
  public void mount(String path, Router sub) {
    mounts.put(path, sub);
  }

  public Future<Void> listen(HostPort address) {
    selfHost =
        switch (address.host()) {
          case "", "0.0.0.0" -> "127.0.0.1";
          case "::", "[::]" -> "::1";
          default -> address.host();
        };
    Router router = Router.router(vertx);
    mounts.forEach((path, sub) -> router.route(path).subRouter(sub));
    // Reads the config at each request, so a reload that turns auth on or off applies at once.
    StatusAuthCheck auth = new StatusAuthCheck(source::auth);
    router.get("/metrics").handler(auth).handler(this::metrics);
    router
        .get("/healthz")
        .handler(rc -> rc.response().putHeader("Content-Type", "text/plain").end("ok\n"));
    router.get("/readyz").handler(this::readyz);
    router.get("/api/status").handler(auth).handler(this::status);
    router.get("/").handler(auth).handler(this::page);
    router.get("/targets/:name").handler(auth).handler(this::target);
    router.get("/status/:file").handler(rc -> assets.serve(rc));
    return vertx
        .executeBlocking(() -> StatusAssets.load(source.version()), false)
        .compose(
            a -> {
              assets = a;
              return vertx
                  // Prometheus asks for gzip: a thousand targets' scrape shrinks from MiB to KiB.
                  .createHttpServer(new HttpServerOptions().setCompressionSupported(true))
                  .requestHandler(router)
                  .listen(address.port(), address.host());
            })
        .map(
            s -> {
              server = s;
              return null;
            });
  }

  /**
   * Renders the page and {@code /api/status} for made-up targets on a worker ({@link
   * dev.lookout.status.StatusWarmup}), then brings the board up to date with the real targets and
   * asks this server for both, so the first real request finds the rendering, the collecting and
   * the response path compiled. From then on the board is refreshed every {@link #REFRESH_MILLIS}
   * ms. Never fails.
   */
  public Future<Void> warmUp() {
    return vertx
        .executeBlocking(StatusWarmup::run, false)
        .compose(n -> refresh())
        .compose(v -> askSelf("/api/status", false))
        .compose(v -> askSelf("/", true))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture())
        .onComplete(
            v -> {
              refreshTimer = vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
              if (closed) {
                vertx.cancelTimer(refreshTimer);
              }
            });
  }

  /**
   * How often the board renders, on a worker, what the lanes' results changed: a request then finds
   * at most a second's results to render. Each result is rendered at most once (the board keeps
   * what did not change). Only while somebody may look: for {@link #WATCHED_NANOS} after start and
   * after each request to the page or the API; past that the board lets go of what it kept, so an
   * agent nobody looks at spends neither memory nor CPU on it, and the next request renders every
   * target afresh.
   */
  static final long REFRESH_MILLIS = 1000;

  static final long WATCHED_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);

  /**
   * When the page or the API was last asked for, or the server started ({@link System#nanoTime}).
   */
  private volatile long lastAsked = System.nanoTime();

  /** Whether the last refresh kept the board up to date (false once it let go of it). */
  private volatile boolean kept = true;

  private volatile long refreshTimer = -1;
  private volatile boolean closed;
  private final AtomicBoolean refreshing = new AtomicBoolean();

  /** Brings the board up to date for both surfaces, writing nothing; one at a time. */
  private Future<Void> refresh() {
    boolean watched = System.nanoTime() - lastAsked <= WATCHED_NANOS;
    if (!watched && !kept || !refreshing.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    kept = watched;
    Future<?> work =
        watched
            ? source
                .snapshots()
                .compose(
                    list ->
                        vertx.executeBlocking(
                            () -> board.update(list, source.uptimes(), true, true), false))
            // On a worker too: the board's lock may be held by a request's update.
            : vertx.executeBlocking(
                () -> {
                  board.clear();
                  return null;
                },
                false);
    return work.<Void>mapEmpty().onComplete(v -> refreshing.set(false));
  }

  /**
   * One request to this server over loopback, the body read and dropped: the response path (the
   * router, auth, chunked writes from a worker, gzip) is compiled too. With {@code agent.auth} it
   * carries the configured credentials; nothing leaves the process's own connection.
   */
  private Future<Void> askSelf(String path, boolean gzip) {
    HttpClientAgent client = vertx.createHttpClient();
    RequestOptions o = new RequestOptions().setHost(selfHost).setPort(port()).setURI(path);
    StatusAuth auth = source.auth();
    if (auth != null) {
      o.putHeader(
          "Authorization",
          auth.basic()
              ? "Basic "
                  + Base64.getEncoder()
                      .encodeToString(
                          (auth.username() + ":" + auth.password())
                              .getBytes(StandardCharsets.UTF_8))
              : "Bearer " + auth.bearerToken());
    }
    if (gzip) {
      o.putHeader("Accept-Encoding", "gzip");
    }
    return client
        .request(o)
        .compose(HttpClientRequest::send)
        .compose(
            r -> {
              r.handler(b -> {});
              return r.end();
            })
        .eventually(client::close);
  }

  public int port() {
    return server.actualPort();
  }

  /**
   * 200 {@code ready}, or 503 with {@code starting} or one line per reason ({@code overloaded: in
   * the last minute probes started up to 52 s late …}).
   */
  private void readyz(RoutingContext rc) {
    Map<String, String> reasons = source.notReadyReasons();
    StringBuilder body = new StringBuilder();
    if (!source.started()) {
      body.append("starting\n");
    } else if (reasons.isEmpty()) {
      body.append("ready\n");
    } else {
      reasons.forEach((name, reason) -> body.append(name).append(": ").append(reason).append('\n'));
    }
    rc.response()
        .setStatusCode(source.started() && reasons.isEmpty() ? 200 : 503)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(body.toString());
  }

  private void metrics(RoutingContext rc) {
    String accept = rc.request().getHeader("Accept");
    // A scrape of thousands of series takes milliseconds of CPU: on a worker like the status
    // surfaces, streamed as it is written, gzipped there when asked (Prometheus always asks).
    StreamedBody.send(
        vertx,
        rc,
        rc.response().putHeader("Content-Type", source.scrapeContentType(accept)),
        Future.succeededFuture(out -> source.scrape(accept, out)));
  }

  private void status(RoutingContext rc) {
    lastAsked = System.nanoTime();
    stream(
        rc,
        "application/json",
        source
            .snapshots()
            .map(
                list ->
                    out ->
                        board.update(list, source.uptimes(), true, false).writeJson(info(), out)));
  }

  private void page(RoutingContext rc) {
    lastAsked = System.nanoTime();
    String filter = rc.queryParams().get("filter");
    stream(
        rc,
        "text/html; charset=utf-8",
        source
            .snapshots()
            .compose(
                list ->
                    source
                        .incidents()
                        .map(
                            incidents ->
                                out ->
                                    board
                                        .update(list, source.uptimes(), false, true)
                                        .writePage(
                                            info(),
                                            filter,
                                            Instant.now(),
                                            assets.version(),
                                            incidents,
                                            out))));
  }

  /**
   * Thousands of targets take milliseconds to write out, and megabytes: on a worker, streamed as it
   * is written ({@link StreamedBody}).
   */
  private void stream(RoutingContext rc, String contentType, Future<StreamedBody.Body> body) {
    StreamedBody.send(vertx, rc, noStore(rc.response(), contentType), body);
  }

  private void target(RoutingContext rc) {
    String name = rc.pathParam("name");
    reply(
        rc,
        source
            .snapshots()
            .map(
                list ->
                    list.stream()
                        .filter(t -> t.name().equals(name))
                        .findFirst()
                        .map(t -> t.withUptime(source.uptimes().getOrDefault(name, t.uptime())))
                        .orElse(null)),
        s -> {
          if (s == null) {
            noStore(rc.response(), "text/plain; charset=utf-8")
                .setStatusCode(404)
                .end("no target by that name\n");
          } else {
            noStore(rc.response(), "text/html; charset=utf-8")
                .end(TargetPage.render(s, Instant.now(), assets.version()));
          }
        });
  }

  /**
   * Answers on the request's own event loop: the snapshots come back on a lane's loop, and a
   * connection's response is best written from the thread that owns the connection.
   */
  private <T> void reply(RoutingContext rc, Future<T> work, Consumer<T> send) {
    Context own = vertx.getOrCreateContext();
    work.onComplete(
        ar ->
            own.runOnContext(
                v -> {
                  if (ar.succeeded()) {
                    send.accept(ar.result());
                  } else {
                    rc.fail(ar.cause());
                  }
                }));
  }

  /**
   * The page and the API change with every probe and may be behind auth: no caching anywhere. The
   * security policy allows only this agent's own script and style, so even markup that slipped past
   * escaping could not run.
   */
  private static HttpServerResponse noStore(HttpServerResponse r, String contentType) {
    return StatusAssets.secure(r)
        .putHeader("Content-Type", contentType)
        .putHeader("Cache-Control", "no-store");
  }

  private AgentInfo info() {
    Map<String, String> reasons = source.notReadyReasons();
    return new AgentInfo(
        source.labels(),
        source.version(),
        source.shard(),
        source.started() && reasons.isEmpty(),
        reasons);
  }

  public Future<Void> close() {
    closed = true;
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    return server == null ? Future.succeededFuture() : server.close();
  }
}
