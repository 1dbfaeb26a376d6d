package dev.lookout.check.redirects;

import dev.lookout.check.Facts;
import dev.lookout.check.http.Hop;
import dev.lookout.check.http.HttpObservation;
import dev.lookout.check.http.HttpRequests;
import dev.lookout.config.CheckSpec;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.Text;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code redirects} check's probe: walks every {@code from} and every old path hop by hop
 * through the http check's requests (never following a redirect automatically, so each hop is seen,
 * timed and its certificate read), {@link #PARALLEL} chains at a time, all within the target's
 * timeout. One instance per scheduler lane.
 */
final class RedirectsProbe implements Probe {
  static final int PARALLEL = 4;
  private final HttpRequests requests;

  RedirectsProbe(HttpRequests requests) {
    this.requests = requests;
  }

  @Override
  public Future<ProbeResult> run(Target target) {
    RedirectsCheck check = (RedirectsCheck) target.check();
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    long deadline = start + target.timeout().toNanos();
    List<Start> starts = starts(check);
    RedirectsObservation.Chain[] chains = new RedirectsObservation.Chain[starts.size()];
    Promise<Void> all = Promise.promise();
    int[] next = {0};
    int[] running = {0};
    Runnable[] pump = new Runnable[1];
    pump[0] =
        () -> {
          while (running[0] < PARALLEL && next[0] < starts.size()) {
            int at = next[0]++;
            running[0]++;
            new Walk(check, starts.get(at), deadline, target.timeout())
                .run()
                .onComplete(
                    ar -> {
                      chains[at] = ar.result();
                      running[0]--;
                      pump[0].run();
                    });
          }
          if (running[0] == 0 && next[0] >= starts.size()) {
            all.tryComplete();
          }
        };
    pump[0].run();
    return all.future()
        .map(
            v ->
                ProbeResult.answered(
                    startedAt,
                    Duration.ofNanos(System.nanoTime() - start),
                    new RedirectsObservation(List.of(chains))));
  }

  /** Where a chain starts, its label and where it must land. */
  private record Start(String label, boolean path, URI url, URI expected) {}

  private static List<Start> starts(RedirectsCheck check) {
    List<Start> out = new ArrayList<>();
    for (URI from : check.from()) {
      // The label is a metric label: never the user info (a password) or the query.
      out.add(new Start(CheckSpec.shownUrl(from), false, query(check, from), check.canonical()));
    }
    for (RedirectsCheck.OldPath p : check.paths()) {
      out.add(
          new Start(
              p.from(),
              true,
              query(check, check.canonical().resolve(p.from())),
              check.canonical().resolve(p.to())));
    }
    return out;
  }

  private static URI query(RedirectsCheck check, URI url) {
    if (!check.keepQuery()) {
      return url;
    }
    String s = url.toString();
    int hash = s.indexOf('#');
    String base = hash < 0 ? s : s.substring(0, hash);
    return URI.create(base + (base.contains("?") ? "&" : "?") + RedirectsCheck.TEST_QUERY);
  }

  /** One chain, hop by hop, on the probe's loop. */
  private final class Walk {
    private final RedirectsCheck check;
    private final Start start;
    private final long deadline;
    private final Duration timeout;
    private final List<RedirectsObservation.Step> steps = new ArrayList<>();
    private final Promise<RedirectsObservation.Chain> done = Promise.promise();

    Walk(RedirectsCheck check, Start start, long deadline, Duration timeout) {
      this.check = check;
      this.start = start;
      this.deadline = deadline;
      this.timeout = timeout;
    }

    Future<RedirectsObservation.Chain> run() {
      hop(start.url());
      return done.future();
    }

    private void hop(URI url) {
      long left = deadline - System.nanoTime();
      if (left <= 1_000_000) {
        finish("no time left within the timeout (" + human(timeout) + ") for " + show(url));
        return;
      }
      long t0 = System.nanoTime();
      requests
          .get(url, check.connection(), Map.of(), RedirectsCheck.HOP_BODY, Duration.ofNanos(left))
          .onComplete(ar -> answered(url, ar.result(), Duration.ofNanos(System.nanoTime() - t0)));
    }

    private void answered(URI url, ProbeResult r, Duration took) {
      if (r == null || !r.answered() || !(r.observation() instanceof HttpObservation o)) {
        finish(r == null ? "no answer" : r.failure());
        return;
      }
      Hop hop = o.last();
      RedirectsObservation.Step step =
          new RedirectsObservation.Step(
              url, hop.address(), hop.status(), hop.location(), hop.chain(), took);
      steps.add(step);
      if (!step.redirect() || hop.location() == null) {
        finish(null);
        return;
      }
      URI next;
      try {
        next = url.resolve(hop.location().trim());
      } catch (IllegalArgumentException e) {
        finish("redirect to an invalid Location: " + Text.shorten(hop.location(), 200));
        return;
      }
      String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
        finish("redirect to an unsupported URL: " + Text.shorten(next.toString(), 200));
        return;
      }
      for (RedirectsObservation.Step s : steps) {
        if (s.url().equals(next)) {
          finish("redirect loop back to " + show(next));
          return;
        }
      }
      if (steps.size() > check.connection().maxRedirects()) {
        finish(
            "stopped after "
                + Facts.plural(check.connection().maxRedirects(), "redirect", "redirects")
                + " (max_redirects); next was "
                + show(next));
        return;
      }
      hop(next);
    }

    private String show(URI url) {
      return Shown.url(check, start.path(), url);
    }

    private void finish(String failure) {
      done.tryComplete(
          new RedirectsObservation.Chain(
              start.label(), start.path(), start.url(), start.expected(), steps, failure));
    }
  }

  private static String human(Duration d) {
    return dev.lookout.config.Durations.human(d);
  }

  @Override
  public void close() {
    requests.close();
  }
}
