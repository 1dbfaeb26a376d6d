package dev.lookout.check.flow;

import dev.lookout.check.flow.FlowObservation.Outcome;
import dev.lookout.check.flow.FlowObservation.Step;
import dev.lookout.check.http.HttpCheck;
import dev.lookout.check.http.HttpExchanges;
import dev.lookout.check.http.HttpObservation;
import dev.lookout.config.Durations;
import dev.lookout.config.WireText;
import dev.lookout.evaluate.Finding;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a flow: its steps in order through the http check's request code, under the flow's
 * deadline, with its own cookie jar and extracted values. Every callback runs on the event loop
 * that started it, so its state needs no locks.
 */
final class FlowRun {
  /** Values shorter than this are not redacted: replacing "1" everywhere would garble "401". */
  private static final int REDACT_FROM = 4;

  private final Vertx vertx;
  private final HttpExchanges http;
  private final FlowCheck check;
  private final Duration timeout;
  private final long start = System.nanoTime();
  private final Instant startedAt = Instant.now();
  private final CookieJar jar = new CookieJar();
  private final Map<String, String> values = new LinkedHashMap<>();

  /** Values found by an extraction on a worker, handed to {@link #values} back on the loop. */
  private final Map<String, String> pending = new LinkedHashMap<>();

  private final List<Step> steps = new ArrayList<>();
  private boolean failed;
  private boolean unanswered;

  FlowRun(Vertx vertx, HttpExchanges http, FlowCheck check, Duration timeout) {
    this.vertx = vertx;
    this.http = http;
    this.check = check;
    this.timeout = timeout;
  }

  Future<ProbeResult> start() {
    return step(0).map(v -> result());
  }

  private Future<Void> step(int i) {
    if (i == check.steps().size()) {
      return Future.succeededFuture();
    }
    FlowStep s = check.steps().get(i);
    long left = timeout.toNanos() - (System.nanoTime() - start);
    if (failed && !s.always()) {
      steps.add(skipped(s, "not run: an earlier step failed"));
      return step(i + 1);
    }
    if (left <= 1_000_000) {
      failed = true;
      steps.add(
          skipped(s, "not run: the flow's timeout of " + Durations.human(timeout) + " ran out"));
      return step(i + 1);
    }
    Duration budget = Duration.ofNanos(left);
    boolean flowBound = s.timeout() == null || s.timeout().compareTo(budget) >= 0;
    if (!flowBound) {
      budget = s.timeout();
    }
    HttpCheck request;
    try {
      request = request(s);
    } catch (IllegalArgumentException e) {
      failed = true;
      steps.add(
          new Step(s.name(), s.always(), Outcome.FAILED, 0, 0, List.of(e.getMessage()), false));
      return step(i + 1);
    }
    return http.run(request, budget)
        .compose(r -> judge(s, request, r, flowBound))
        .compose(
            done -> {
              synchronized (pending) {
                values.putAll(pending);
                pending.clear();
              }
              steps.add(done);
              return step(i + 1);
            });
  }

  /** The step's request with this run's values and cookies filled in. */
  private HttpCheck request(FlowStep s) {
    Map<String, String> headers = new LinkedHashMap<>();
    String cookie = null;
    for (Map.Entry<String, String> h : s.http().headers().entrySet()) {
      String value = Template.render(h.getValue(), values);
      String problem = WireText.lineProblem(value);
      if (problem != null) {
        throw new IllegalArgumentException(
            "header " + h.getKey() + " cannot be sent: the value filled in " + problem);
      }
      if (h.getKey().equalsIgnoreCase("cookie")) {
        cookie = value;
      } else {
        headers.put(h.getKey(), value);
      }
    }
    String jarred = jar.header(s.http().url());
    if (cookie != null || jarred != null) {
      headers.put(
          "Cookie", cookie == null ? jarred : jarred == null ? cookie : cookie + "; " + jarred);
    }
    return HttpExchanges.withRequest(s.http(), headers, Template.render(s.http().body(), values));
  }

  private Future<Step> judge(FlowStep s, HttpCheck request, ProbeResult r, boolean flowBound) {
    if (!r.answered()) {
      failed = true;
      unanswered = true;
      String reason = r.failure();
      if (flowBound && System.nanoTime() - start >= timeout.toNanos() - 5_000_000) {
        reason = "the flow's timeout of " + Durations.human(timeout) + " ran out (" + reason + ")";
      }
      return Future.succeededFuture(
          new Step(s.name(), s.always(), Outcome.FAILED, 0, r.seconds(), List.of(reason), false));
    }
    HttpObservation o = (HttpObservation) r.observation();
    Map<String, String> cookies = jar.store(o.finalUrl(), o.headers().get("set-cookie"));
    List<String> problems = new ArrayList<>();
    for (Finding f : HttpExchanges.judge(request, r, Instant.now())) {
      problems.add(f.message());
    }
    Future<List<String>> extracted;
    if (!problems.isEmpty() || s.extract().isEmpty()) {
      extracted = Future.succeededFuture(List.of());
    } else if (s.extract().stream().anyMatch(e -> e instanceof Extract.Html)) {
      // Parsing a page of up to max_body is no work for an event loop.
      extracted = vertx.executeBlocking(() -> extract(s, o, cookies), false);
    } else {
      extracted = Future.succeededFuture(extract(s, o, cookies));
    }
    return extracted
        .recover(
            e -> Future.succeededFuture(List.of("extracting values failed: " + e.getMessage())))
        .map(
            found -> {
              List<String> all = new ArrayList<>(problems);
              all.addAll(found);
              if (!all.isEmpty()) {
                failed = true;
              }
              return new Step(
                  s.name(),
                  s.always(),
                  all.isEmpty() ? Outcome.PASSED : Outcome.FAILED,
                  o.status(),
                  r.seconds(),
                  all,
                  true);
            });
  }

  /**
   * Takes the step's values from its response (into {@link #values} once back on the loop).
   *
   * @return the misses, worded
   */
  private List<String> extract(FlowStep s, HttpObservation o, Map<String, String> cookies) {
    List<String> misses = new ArrayList<>();
    Map<String, String> found = new LinkedHashMap<>();
    for (Extract e : s.extract()) {
      String v = e.from(o, cookies);
      if (v == null || v.isEmpty()) {
        misses.add("no value for \"" + e.name() + "\" " + e.where());
      } else {
        found.put(e.name(), v);
      }
    }
    synchronized (pending) {
      pending.putAll(found);
    }
    return misses;
  }

  private static Step skipped(FlowStep s, String why) {
    return new Step(s.name(), s.always(), Outcome.SKIPPED, 0, 0, List.of(why), false);
  }

  /** The text with every extracted value of this run replaced by its {@code {{name}}}. */
  private String redact(String text) {
    List<Map.Entry<String, String>> longestFirst = new ArrayList<>(values.entrySet());
    longestFirst.sort(
        Comparator.comparingInt((Map.Entry<String, String> e) -> e.getValue().length()).reversed());
    String out = text;
    for (Map.Entry<String, String> e : longestFirst) {
      if (e.getValue().length() >= REDACT_FROM) {
        out = out.replace(e.getValue(), "{{" + e.getKey() + "}}");
      }
    }
    return out;
  }

  private ProbeResult result() {
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    List<Step> redacted = new ArrayList<>(steps.size());
    for (Step s : steps) {
      redacted.add(
          new Step(
              s.name(),
              s.always(),
              s.outcome(),
              s.status(),
              s.seconds(),
              s.problems().stream().map(this::redact).toList(),
              s.answered()));
    }
    FlowObservation o = new FlowObservation(redacted);
    if (!unanswered) {
      return ProbeResult.answered(startedAt, took, o);
    }
    // A step got no answer: the flow is unreachable, as an http target would be, with its steps.
    return new ProbeResult(startedAt, took, o, FlowEvaluator.steps(o).get(0).message());
  }
}
