package dev.lookout.check.http;

import dev.lookout.check.http.page.ExposedFiles;
import dev.lookout.check.http.page.PageExpect;
import dev.lookout.check.http.page.PageReport;
import dev.lookout.check.http.page.PageScan;
import dev.lookout.config.Durations;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The page checks of an http target, after its request: the page's HTML scanned on a worker ({@link
 * PageScan}), then its same-origin assets fetched and the well-known leaked files probed, {@link
 * #PARALLEL} requests at a time, through the http check's own request code. Everything stays within
 * the target's timeout: what has not answered by then is reported as unfinished. Runs on the
 * probe's event loop except the scan.
 */
final class PageAudit {
  /** Requests in flight at once per probe: a launch check, not a load test. */
  static final int PARALLEL = 4;

  private static final int MAPS = 10;
  private static final Map<String, String> COMPRESSED = Map.of("Accept-Encoding", "gzip, br");

  private final HttpRequests requests;
  private final Vertx vertx;

  PageAudit(HttpRequests requests) {
    this.requests = requests;
    this.vertx = requests.vertx();
  }

  /** The result with the page checks' report, or as it is when the request got no answer. */
  Future<ProbeResult> after(HttpCheck check, Duration timeout, long startNanos, ProbeResult r) {
    if (!r.answered() || !(r.observation() instanceof HttpObservation o)) {
      return Future.succeededFuture(r);
    }
    PageExpect e = check.expect().page();
    long deadline = startNanos + timeout.toNanos();
    String type = o.headers().get("content-type");
    boolean html = isHtml(type, o.body());
    Future<PageScan> scan =
        e.needsHtml() && html
            ? within(
                vertx.executeBlocking(() -> PageScan.scan(o.body(), o.finalUrl(), deadline), false),
                deadline,
                new PageScan(
                    List.of(), List.of(), List.of(), "it did not finish within the timeout"))
            : Future.succeededFuture(null);
    return scan.compose(
            s -> fetch(check, e, o, s, html ? null : String.valueOf(type), timeout, deadline))
        .map(report -> new ProbeResult(r.startedAt(), r.duration(), o.withPage(report), null));
  }

  private static boolean isHtml(String type, String body) {
    if (type == null) {
      return body.stripLeading().startsWith("<");
    }
    String t = type.toLowerCase(Locale.ROOT);
    return t.contains("text/html") || t.contains("xhtml");
  }

  private Future<PageReport> fetch(
      HttpCheck check,
      PageExpect e,
      HttpObservation o,
      PageScan scan,
      String notHtml,
      Duration timeout,
      long deadline) {
    HttpConnection connection = HttpConnection.of(check);
    List<Supplier<Future<Void>>> jobs = new ArrayList<>();
    List<PageScan.Asset> assets =
        e.assets() == null || scan == null
            ? List.of()
            : scan.assets().subList(0, Math.min(e.assets().max(), scan.assets().size()));
    PageReport.AssetCheck[] checked = new PageReport.AssetCheck[assets.size()];
    for (int i = 0; i < assets.size(); i++) {
      int at = i;
      PageScan.Asset a = assets.get(i);
      jobs.add(
          () ->
              requests
                  .get(a.url(), connection, COMPRESSED, 1, left(deadline))
                  .map(res -> checked[at] = asset(a, res))
                  .mapEmpty());
    }
    List<Probe> probes = exposedPaths(e, scan, check.maxBody());
    List<PageReport.Exposure> exposed = new ArrayList<>();
    for (Probe p : probes) {
      URI url = o.finalUrl().resolve(p.path());
      jobs.add(
          () ->
              requests
                  .get(url, connection, Map.of(), p.read(), left(deadline))
                  .map(
                      res -> {
                        String kind = exposure(res, p.listed());
                        if (kind != null) {
                          exposed.add(new PageReport.Exposure(p.path(), kind));
                        }
                        return null;
                      })
                  .mapEmpty());
    }
    Batch batch = new Batch(jobs, deadline);
    return batch
        .run()
        .map(
            finished -> {
              List<PageReport.AssetCheck> done =
                  java.util.Arrays.stream(checked).filter(Objects::nonNull).toList();
              String incomplete =
                  finished
                      ? null
                      : "page checks did not finish within the timeout ("
                          + Durations.human(timeout)
                          + "): "
                          + batch.done()
                          + " of "
                          + jobs.size()
                          + " asset and file requests answered";
              List<PageReport.Exposure> sorted = new ArrayList<>();
              for (Probe p : probes) {
                exposed.stream().filter(x -> x.path().equals(p.path())).forEach(sorted::add);
              }
              return new PageReport(notHtml, scan, done, sorted, incomplete);
            });
  }

  /** A path to probe for a leaked file, how much of it to read, and whether the user listed it. */
  private record Probe(String path, long read, boolean listed) {}

  private static List<Probe> exposedPaths(PageExpect e, PageScan scan, long maxBody) {
    List<Probe> out = new ArrayList<>();
    if (e.exposedFiles() == null) {
      return out;
    }
    long read = Math.min(maxBody, ExposedFiles.READ);
    List<String> seen = new ArrayList<>();
    for (String path : ExposedFiles.BUILT_IN) {
      seen.add(path);
      out.add(new Probe(path, read, false));
    }
    for (String path : e.exposedFiles()) {
      if (!seen.contains(path)) {
        seen.add(path);
        out.add(new Probe(path, read, true));
      }
    }
    if (scan != null) {
      scan.scripts().stream()
          .limit(MAPS)
          .map(s -> s.getRawPath() + ".map")
          .filter(p -> !seen.contains(p))
          .forEach(p -> out.add(new Probe(p, read, false)));
    }
    return out;
  }

  private static PageReport.AssetCheck asset(PageScan.Asset a, ProbeResult res) {
    if (!res.answered() || !(res.observation() instanceof HttpObservation o)) {
      return new PageReport.AssetCheck(a.url(), a.kind(), 0, null, null, null, res.failure());
    }
    return new PageReport.AssetCheck(
        a.url(),
        a.kind(),
        o.status(),
        o.headers().get("cache-control"),
        o.headers().get("content-encoding"),
        o.headers().get("content-type"),
        null);
  }

  /** What the answer shows the file to be, or null when it is not exposed. */
  private static String exposure(ProbeResult res, boolean listed) {
    if (!res.answered() || !(res.observation() instanceof HttpObservation o)) {
      return null;
    }
    if (o.status() / 100 != 2) {
      return null;
    }
    return ExposedFiles.sniff(o.body(), o.bodyBytes(), o.headers().get("content-type"), listed);
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
  }

  /** {@code work}'s result, or {@code fallback} if the deadline passes first. */
  private <T> Future<T> within(Future<T> work, long deadline, T fallback) {
    Promise<T> p = Promise.promise();
    long timer =
        vertx.setTimer(
            Math.max(1, (deadline - System.nanoTime()) / 1_000_000), id -> p.tryComplete(fallback));
    work.onComplete(
        ar -> {
          vertx.cancelTimer(timer);
          p.tryComplete(ar.succeeded() ? ar.result() : fallback);
        });
    return p.future();
  }

  /**
   * Runs jobs {@link #PARALLEL} at a time on the caller's loop; completes with true once all are
   * done, or false when the deadline passes first (what still runs is abandoned: each request ends
   * at the same deadline on its own).
   */
  private final class Batch {
    private final List<Supplier<Future<Void>>> jobs;
    private final long deadline;
    private final Promise<Boolean> finished = Promise.promise();
    private int next;
    private int running;
    private int done;

    Batch(List<Supplier<Future<Void>>> jobs, long deadline) {
      this.jobs = jobs;
      this.deadline = deadline;
    }

    Future<Boolean> run() {
      if (jobs.isEmpty()) {
        return Future.succeededFuture(true);
      }
      long timer =
          vertx.setTimer(
              Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
              id -> finished.tryComplete(false));
      finished.future().onComplete(ar -> vertx.cancelTimer(timer));
      pump();
      return finished.future();
    }

    int done() {
      return done;
    }

    private void pump() {
      while (running < PARALLEL && next < jobs.size() && !finished.future().isComplete()) {
        Supplier<Future<Void>> job = jobs.get(next++);
        running++;
        job.get()
            .onComplete(
                ar -> {
                  running--;
                  done++;
                  pump();
                });
      }
      if (running == 0 && next >= jobs.size()) {
        finished.tryComplete(true);
      }
    }
  }
}
