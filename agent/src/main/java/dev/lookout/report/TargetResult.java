package dev.lookout.report;

import dev.lookout.evaluate.Finding;
import dev.lookout.status.StatusView;
import dev.lookout.status.TargetDetail;
import dev.lookout.status.TargetStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One target's judged result as the report reads it: the same from a run of every check ({@link
 * #of(TargetStatus)}) as from a running agent's {@code /api/status} ({@link #fromJson}), so every
 * section is built one way. The check type's own words are in {@code facts} and its values in
 * {@code fields} ({@code cert_days_left}, {@code certificates}, {@code dns_records} …), keyed as
 * {@code /api/status} writes them; a type the report does not know still ranks by its findings.
 *
 * @param healthy null when the target has no result yet
 * @param samples latency samples behind the quantiles (0: none, quantiles NaN)
 */
public record TargetResult(
    String name,
    String type,
    Boolean healthy,
    String lastError,
    List<Finding> findings,
    int samples,
    double p50,
    double p95,
    double p99,
    List<String> facts,
    Map<String, Object> fields) {

  public TargetResult {
    findings = List.copyOf(findings);
    facts = List.copyOf(facts);
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** From the agent's own snapshot (secrets already out of it, messages redacted here). */
  public static TargetResult of(TargetStatus s) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (TargetDetail.Field f : s.detail().fields()) {
      fields.put(
          f.key(),
          f.value() instanceof List<?> lines
              ? lines.stream().map(l -> StatusView.redact(String.valueOf(l))).toList()
              : f.value());
    }
    List<Finding> findings =
        s.findings().stream()
            .map(f -> new Finding(f.expectation(), StatusView.redact(f.message())))
            .toList();
    return new TargetResult(
        s.name(),
        s.type(),
        s.probed() ? s.healthy() : null,
        StatusView.redact(s.lastError()),
        findings,
        s.latency().count(),
        s.latency().p50(),
        s.latency().p95(),
        s.latency().p99(),
        s.detail().facts(),
        fields);
  }

  /** From one entry of {@code /api/status}'s {@code targets}. */
  public static TargetResult fromJson(JsonObject t) {
    List<Finding> findings = new ArrayList<>();
    for (Object o : t.getJsonArray("findings", new JsonArray())) {
      if (o instanceof JsonObject f) {
        findings.add(new Finding(f.getString("expectation", ""), f.getString("message", "")));
      }
    }
    JsonObject latency = t.getJsonObject("latency", new JsonObject());
    JsonObject detail = t.getJsonObject("detail", new JsonObject());
    List<String> facts = strings(detail.getValue("facts"));
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String key : detail.fieldNames()) {
      Object v = detail.getValue(key);
      if (key.equals("facts") || v == null) {
        continue;
      }
      if (v instanceof JsonArray) {
        fields.put(key, strings(v));
      } else if (v instanceof Integer || v instanceof Long) {
        fields.put(key, ((Number) v).longValue());
      } else if (v instanceof Number n) {
        fields.put(key, n.doubleValue());
      }
    }
    return new TargetResult(
        t.getString("name", "?"),
        t.getString("type", "?"),
        t.getBoolean("healthy"),
        t.getString("last_error"),
        findings,
        latency.getInteger("samples", 0),
        number(latency, "p50_seconds"),
        number(latency, "p95_seconds"),
        number(latency, "p99_seconds"),
        facts,
        fields);
  }

  private static double number(JsonObject o, String key) {
    Object v = o.getValue(key);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof JsonArray a) {
      for (Object o : a) {
        if (o != null) {
          out.add(String.valueOf(o));
        }
      }
    }
    return out;
  }

  public boolean failing() {
    return Boolean.FALSE.equals(healthy);
  }

  /** A whole-number field, or null when the type did not write it. */
  public Long whole(String key) {
    return fields.get(key) instanceof Number n ? n.longValue() : null;
  }

  /** A list field, or empty. */
  public List<String> lines(String key) {
    List<String> out = new ArrayList<>();
    if (fields.get(key) instanceof List<?> l) {
      l.forEach(o -> out.add(String.valueOf(o)));
    }
    return out;
  }
}
