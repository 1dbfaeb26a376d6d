package dev.lookout.status;

import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyTrail;
import dev.lookout.status.StatusView.AgentInfo;
import dev.lookout.status.StatusView.Summary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/status}: every target's state, findings, latency (with the samples behind the page's
 * sparkline) and check-type detail. Built only from {@link TargetStatus} snapshots, which hold no
 * URL, header or credential, so nothing secret can reach it. Written straight out as text, a chunk
 * at a time, rather than through a tree of JSON objects: with 5,000 targets that is the difference
 * between a few milliseconds and tens of them, and between KiB and MiB held.
 */
public final class StatusJson {
  private StatusJson() {}

  public static String encode(List<TargetStatus> statuses, AgentInfo agent) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024 + statuses.size() * 600);
    try {
      write(statuses, agent, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * Writes the document to {@code sink} as UTF-8, a few KiB at a time, so thousands of targets are
   * never held whole. Blocking when {@code sink} is.
   */
  public static void write(List<TargetStatus> statuses, AgentInfo agent, OutputStream sink)
      throws IOException {
    StatusBoard.listed(statuses).writeJson(agent, sink);
  }

  /** What closes the document after the last target. */
  static final String END = "]}";

  /** Everything before the first target: the agent, the summary, the opening of the list. */
  static void head(StringBuilder out, AgentInfo agent, Summary summary) {
    out.append("{\"agent\":{\"labels\":{");
    String sep = "";
    for (Map.Entry<String, String> e : agent.labels().entrySet()) {
      out.append(sep);
      string(out, e.getKey()).append(':');
      string(out, e.getValue());
      sep = ",";
    }
    out.append("},\"shard\":");
    string(out, agent.shard()).append(",\"version\":");
    string(out, agent.version()).append(",\"ready\":").append(agent.ready());
    out.append(",\"overloaded\":").append(agent.overloaded()).append(",\"not_ready\":{");
    sep = "";
    for (Map.Entry<String, String> e : agent.notReady().entrySet()) {
      out.append(sep);
      string(out, e.getKey()).append(':');
      string(out, e.getValue());
      sep = ",";
    }
    out.append("}},");
    summary(out, summary);
    out.append(",\"targets\":[");
  }

  private static void summary(StringBuilder out, Summary s) {
    out.append("\"summary\":{\"targets\":")
        .append(s.total())
        .append(",\"healthy\":")
        .append(s.healthy())
        .append(",\"failing\":")
        .append(s.failing())
        .append(",\"waiting\":")
        .append(s.waiting())
        .append(",\"alerts\":{");
    String sep = "";
    for (Map.Entry<String, Integer> e : s.alerts().entrySet()) {
      out.append(sep);
      string(out, e.getKey()).append(':').append(e.getValue());
      sep = ",";
    }
    out.append("}}");
  }

  /**
   * A target's object up to its uptime. All of it but the uptime comes from the snapshot alone:
   * {@link StatusBoard} keeps the two apart and renders each only when it changes.
   */
  static void beforeUptime(StringBuilder out, TargetStatus s, InstantText instants) {
    out.append("{\"name\":");
    string(out, s.name()).append(",\"type\":");
    string(out, s.type()).append(",\"checks\":");
    string(out, s.info().where()).append(",\"labels\":{");
    String ls = "";
    Map<String, String> labels = s.info().labels();
    for (Map.Entry<String, String> l :
        (labels.size() < 2 ? labels : new java.util.TreeMap<>(labels)).entrySet()) {
      out.append(ls);
      string(out, l.getKey()).append(':');
      string(out, l.getValue());
      ls = ",";
    }
    out.append("},\"state\":");
    string(out, StatusView.state(s))
        .append(",\"healthy\":")
        .append(s.probed() ? String.valueOf(s.healthy()) : "null");
    out.append(",\"last_probe_at\":");
    instant(out, s.lastProbeAt(), instants).append(",\"last_duration_seconds\":");
    number(out, s.lastDurationSeconds()).append(",\"last_error\":");
    string(out, StatusView.redact(s.lastError())).append(",\"findings\":[");
    String sep = "";
    for (Finding f : s.findings()) {
      out.append(sep).append("{\"expectation\":");
      string(out, f.expectation()).append(",\"message\":");
      string(out, StatusView.redact(f.message())).append('}');
      sep = ",";
    }
    out.append("],\"latency\":{\"samples\":").append(s.latency().count());
    if (s.latency().count() > 0) {
      out.append(",\"p50_seconds\":");
      number(out, s.latency().p50()).append(",\"p95_seconds\":");
      number(out, s.latency().p95()).append(",\"p99_seconds\":");
      number(out, s.latency().p99());
    }
    if (!Double.isNaN(s.info().p95Limit())) {
      out.append(",\"p95_limit_seconds\":");
      number(out, s.info().p95Limit());
    }
    if (!Double.isNaN(s.info().p99Limit())) {
      out.append(",\"p99_limit_seconds\":");
      number(out, s.info().p99Limit());
    }
    out.append(",\"recent_seconds\":[");
    LatencyTrail trail = s.trail();
    for (int i = 0; i < trail.size(); i++) {
      // Tenths of a millisecond: float noise (0.0123400003…) would double the payload.
      Decimals.fixed(out.append(i == 0 ? "" : ","), trail.seconds(i), 4);
    }
    out.append("]},\"failing_since\":");
    instant(out, s.failingSince(), instants).append(",\"state_since\":");
    instant(out, s.stateSince(), instants).append(",\"uptime\":");
  }

  /** A target's object after its uptime: its detail. */
  static void afterUptime(StringBuilder out, TargetStatus s) {
    out.append(",\"detail\":");
    detail(out, s.detail());
    out.append('}');
  }

  /** {@code {"24h": {"ratio":…,"down_seconds":…,"unknown_seconds":…}, …, "budgets": […]}}. */
  static void uptime(StringBuilder out, UptimeView u) {
    out.append('{');
    for (UptimeView.Window w : u.windows()) {
      string(out, w.label()).append(":{\"ratio\":");
      number(out, w.ratio()).append(",\"down_seconds\":");
      number(out, w.downSeconds()).append(",\"unknown_seconds\":");
      number(out, w.unknownSeconds()).append("},");
    }
    out.append("\"budgets\":[");
    String sep = "";
    for (UptimeView.BudgetLeft b : u.budgets()) {
      out.append(sep).append("{\"slo\":");
      string(out, b.slo()).append(",\"objective\":");
      number(out, b.objective()).append(",\"window\":");
      string(out, b.window()).append(",\"remaining_ratio\":");
      number(out, b.remainingRatio()).append(",\"text\":");
      string(out, b.text()).append('}');
      sep = ",";
    }
    out.append("]}");
  }

  /** The check type's detail: its facts, then each of its fields as the type named it. */
  private static void detail(StringBuilder out, TargetDetail d) {
    out.append("{\"facts\":");
    strings(out, d.facts());
    for (TargetDetail.Field f : d.fields()) {
      out.append(',');
      string(out, f.key()).append(':');
      if (f.value() instanceof List<?> lines) {
        strings(out, lines);
      } else if (f.value() instanceof Double v) {
        number(out, v);
      } else {
        out.append(f.value());
      }
    }
    out.append('}');
  }

  private static void strings(StringBuilder out, List<?> values) {
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      out.append(i == 0 ? "" : ",");
      string(out, StatusView.redact(String.valueOf(values.get(i))));
    }
    out.append(']');
  }

  private static StringBuilder instant(StringBuilder out, Instant t, InstantText instants) {
    return t == null ? out.append("null") : instants.append(out.append('"'), t).append('"');
  }

  /** JSON has no NaN or infinity: those become null. */
  private static StringBuilder number(StringBuilder out, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return out.append("null");
    }
    // Whole numbers below 10^7 (0 down seconds, 86400 unknown seconds) as Double.toString prints
    // them, without it.
    if (v == Math.rint(v) && Math.abs(v) < 1e7 && (v != 0 || 1 / v > 0)) {
      return out.append((long) v).append(".0");
    }
    return out.append(v);
  }

  /**
   * A JSON string (RFC 8259 section 7) in ASCII: every character beyond it as a six-character
   * escape (U+2028 and U+2029 among them). {@code <}, {@code >} and {@code &} are escaped too, so
   * the text stays inert even if something ever pastes it into HTML.
   */
  static StringBuilder string(StringBuilder out, String s) {
    if (s == null) {
      return out.append("null");
    }
    out.append('"');
    int i = 0;
    while (i < s.length() && plain(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return out.append(s).append('"');
    }
    out.append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&' -> unicode(out, c);
        default -> {
          // Beyond ASCII as an escape too: the text then stays one byte a character.
          if (c < 0x20 || c >= 0x80) {
            unicode(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  private static boolean plain(char c) {
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
  }

  private static void unicode(StringBuilder out, char c) {
    String hex = Integer.toHexString(c);
    out.append("\\u");
    for (int k = hex.length(); k < 4; k++) {
      out.append('0');
    }
    out.append(hex);
  }
}
