package dev.lookout.check.http;

import dev.lookout.check.http.HttpExpect.StatusRange;
import dev.lookout.check.http.page.PageEvaluator;
import dev.lookout.config.Durations;
import dev.lookout.config.Sizes;
import dev.lookout.evaluate.CertificateExpiry;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.CertificateChain;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.Text;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code expect:} rules of an http target. Uses Vert.x only for its JSON values and JSON
 * Pointer (RFC 6901), which are plain data, not the event loop.
 */
final class HttpEvaluator {
  private HttpEvaluator() {}

  static List<Finding> evaluate(
      HttpExpect e, HttpObservation o, ProbeResult r, Quantiles q, Duration window, Instant now) {
    List<Finding> out = new ArrayList<>();
    status(e, o, out);
    if (o.bodyTruncated()) {
      // Always reported, expectation or not: what was judged is not the whole answer.
      out.add(
          new Finding(
              "max_body",
              "body is larger than max_body: reading stopped after "
                  + Sizes.human(o.bodyBytes())
                  + " (the rest was discarded); raise max_body to read it all"));
    }
    body(e, o, out);
    headers(e, o, out);
    json(e, o, out);
    if (e.redirectsAtMost() != null && o.redirects() > e.redirectsAtMost()) {
      out.add(
          new Finding(
              "redirects_at_most",
              o.redirects() + " redirects, expected at most " + e.redirectsAtMost()));
    }
    if (e.finalUrl() != null && !e.finalUrl().equals(o.finalUrl().toString())) {
      out.add(
          new Finding("final_url", "final URL is " + o.finalUrl() + ", expected " + e.finalUrl()));
    }
    latency(e, r, q, window, out);
    if (e.certDaysAbove() != null) {
      certificate(e.certDaysAbove(), o, now, out);
    }
    PageEvaluator.evaluate(e.page(), o.finalUrl(), o.headers(), o.page(), out);
    return out;
  }

  private static void status(HttpExpect e, HttpObservation o, List<Finding> out) {
    for (StatusRange range : e.status()) {
      if (range.contains(o.status())) {
        return;
      }
    }
    String expected =
        e.status().stream().map(StatusRange::toString).collect(Collectors.joining(" or "));
    out.add(new Finding("status", "status " + o.status() + ", expected " + expected));
  }

  private static void body(HttpExpect e, HttpObservation o, List<Finding> out) {
    String readNote =
        o.bodyTruncated() ? " (in the first " + Sizes.human(o.body().length()) + " read)" : "";
    if (e.bodyContains() != null && !o.body().contains(e.bodyContains())) {
      out.add(
          new Finding(
              "body_contains", "body does not contain \"" + e.bodyContains() + "\"" + readNote));
    }
    if (e.bodyMatches() != null && !e.bodyMatches().foundIn(o.body())) {
      out.add(new Finding("body_matches", "body does not match " + e.bodyMatches() + readNote));
    }
  }

  private static void headers(HttpExpect e, HttpObservation o, List<Finding> out) {
    for (Map.Entry<String, HttpExpect.HeaderRule> rule : e.headers().entrySet()) {
      String actual = o.headers().get(rule.getKey().toLowerCase(java.util.Locale.ROOT));
      if (actual == null) {
        out.add(
            new Finding(
                "header", "header " + rule.getKey() + " is missing, expected " + rule.getValue()));
      } else if (!rule.getValue().test(actual)) {
        out.add(
            new Finding(
                "header",
                "header "
                    + rule.getKey()
                    + " is \""
                    + Text.clip(actual)
                    + "\", expected "
                    + rule.getValue()));
      }
    }
  }

  private static void json(HttpExpect e, HttpObservation o, List<Finding> out) {
    if (e.json().isEmpty()) {
      return;
    }
    Object doc;
    try {
      doc = Json.decodeValue(o.body());
    } catch (DecodeException ex) {
      out.add(
          new Finding(
              "json",
              "body is not JSON"
                  + (o.bodyTruncated() ? " (it was cut at max_body)" : "")
                  + ": "
                  + Text.clip(o.body(), 60)));
      return;
    }
    for (Map.Entry<String, String> entry : e.json().entrySet()) {
      JsonPointer pointer;
      try {
        pointer = JsonPointer.from(entry.getKey());
      } catch (IllegalArgumentException ex) {
        out.add(
            new Finding(
                "json", "\"" + entry.getKey() + "\" is not a JSON Pointer (it must start with /)"));
        continue;
      }
      Object root = doc instanceof Map<?, ?> || doc instanceof List<?> ? wrap(doc) : doc;
      Object value =
          root instanceof JsonObject || root instanceof JsonArray ? pointer.queryJson(root) : null;
      if (value == null && !pointsAtNull(pointer, root)) {
        out.add(new Finding("json", entry.getKey() + " not found in response"));
      } else if (!sameValue(value, entry.getValue())) {
        out.add(
            new Finding(
                "json",
                "JSON "
                    + entry.getKey()
                    + " is "
                    + Text.clip(render(value))
                    + ", expected "
                    + entry.getValue()));
      }
    }
  }

  private static Object wrap(Object doc) {
    if (doc instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) m;
      return new JsonObject(map);
    }
    return new JsonArray((List<?>) doc);
  }

  private static boolean pointsAtNull(JsonPointer pointer, Object root) {
    if (!(root instanceof JsonObject) && !(root instanceof JsonArray)) {
      return false;
    }
    JsonPointer parent = pointer.copy().parent();
    Object container = parent.queryJson(root);
    String last = pointer.toString().substring(pointer.toString().lastIndexOf('/') + 1);
    return container instanceof JsonObject obj
        && obj.containsKey(last.replace("~1", "/").replace("~0", "~"));
  }

  private static boolean sameValue(Object actual, String expected) {
    if (actual instanceof Number n) {
      try {
        return Double.compare(n.doubleValue(), Double.parseDouble(expected)) == 0;
      } catch (NumberFormatException ex) {
        return false;
      }
    }
    return render(actual).equals(expected);
  }

  private static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return s;
    }
    return value instanceof JsonObject || value instanceof JsonArray
        ? Json.encode(value)
        : String.valueOf(value);
  }

  private static void latency(
      HttpExpect e, ProbeResult r, Quantiles q, Duration window, List<Finding> out) {
    if (e.latencyBelow() != null && r.seconds() >= seconds(e.latencyBelow())) {
      out.add(
          new Finding(
              "latency_below",
              "latency "
                  + Durations.humanSeconds(r.seconds())
                  + ", expected below "
                  + Durations.human(e.latencyBelow())));
    }
    // A percentile of one or two samples is a single probe's latency: not judged until the window
    // holds Quantiles.MIN_JUDGED, so a cold first probe never fires a p95 alert.
    if (q.count() < Quantiles.MIN_JUDGED) {
      return;
    }
    if (e.p95Below() != null && q.p95() >= seconds(e.p95Below())) {
      out.add(
          new Finding(
              "p95_below",
              "p95 "
                  + Durations.humanSeconds(q.p95())
                  + over(window, q)
                  + ", expected below "
                  + Durations.human(e.p95Below())));
    }
    if (e.p99Below() != null && q.p99() >= seconds(e.p99Below())) {
      out.add(
          new Finding(
              "p99_below",
              "p99 "
                  + Durations.humanSeconds(q.p99())
                  + over(window, q)
                  + ", expected below "
                  + Durations.human(e.p99Below())));
    }
  }

  /**
   * Checks the chain of every https hop, not just the final one: an apex that redirects to www with
   * an expired certificate breaks the first click even when www is fine.
   */
  private static void certificate(
      int daysAbove, HttpObservation o, Instant now, List<Finding> out) {
    boolean anyTls = false;
    Set<String> reported = new HashSet<>();
    for (Hop hop : o.hops()) {
      CertificateChain chain = CertificateChain.of(hop.chain());
      if (chain == null) {
        continue;
      }
      anyTls = true;
      String problem = CertificateExpiry.daysProblem(chain, daysAbove, now);
      String finding = hop.url().getHost() + " on " + hop.address() + ": " + problem;
      // Redirects within one host (/ to /login) show the same certificate again: report it once.
      if (problem != null && reported.add(finding)) {
        out.add(new Finding("cert_days_above", finding));
      }
    }
    if (!anyTls) {
      out.add(
          new Finding(
              "cert_days_above",
              "no certificate to check: " + o.finalUrl() + " is not served over https"));
    }
  }

  private static String over(Duration window, Quantiles q) {
    return " over last " + Durations.human(window) + " (" + q.count() + " samples)";
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
