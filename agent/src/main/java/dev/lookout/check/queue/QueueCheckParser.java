package dev.lookout.check.queue;

import dev.lookout.check.http.HttpCheckParser;
import dev.lookout.check.queue.QueueCheck.AgeUnit;
import dev.lookout.check.queue.QueueCheck.At;
import dev.lookout.check.queue.QueueCheck.Depth;
import dev.lookout.check.queue.QueueCheck.Sum;
import dev.lookout.config.Choices;
import dev.lookout.config.HostPort;
import dev.lookout.config.MapReader;
import dev.lookout.config.Suggest;
import io.vertx.core.json.pointer.JsonPointer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads {@code queue:} and its expectations. */
public final class QueueCheckParser {
  private static final List<String> METHODS = List.of("GET", "POST");
  private static final Choices<AgeUnit> UNITS = Choices.of(AgeUnit.values(), AgeUnit::key);

  public QueueCheck parse(MapReader m, MapReader e) {
    URI url = m.httpUrl("url", false);
    String method = m.method("method", METHODS);
    Map<String, String> headers = m.headers("headers");
    QueuePreset preset = m.parsed("preset", null, QueueCheckParser::preset);
    Depth depth = depth(m, preset);
    String consumers = pointer(m, "consumers");
    String oldestAge = pointer(m, "oldest_age");
    AgeUnit unit = m.choice("oldest_age_unit", null, UNITS);
    boolean ageRequired = true;
    if (oldestAge == null && preset != null && !m.has("oldest_age")) {
      oldestAge = preset.oldestAge();
      ageRequired = false;
      if (unit == null) {
        unit = preset.oldestAgeUnit();
      }
    }
    if (consumers == null && preset != null && !m.has("consumers")) {
      consumers = preset.consumers();
    }
    Duration window = m.positiveDuration("window", QueueCheck.DEFAULT_WINDOW);
    long maxBody = m.size("max_body", QueueCheck.DEFAULT_MAX_BODY);
    if (maxBody <= 0) {
      m.error("max_body", m.describe("max_body") + " must be more than 0 bytes");
      maxBody = QueueCheck.DEFAULT_MAX_BODY;
    }
    boolean verifyTls = m.bool("verify_tls", true);
    Path caFile = m.path("ca_file");
    List<HostPort> resolvers = m.ipAddresses("resolvers", 53);
    String connectTo = HttpCheckParser.connectTo(m);
    m.finish();
    QueueExpect expect = expect(e, consumers != null, oldestAge != null);
    e.finish();
    if (url == null || depth == null || expect == null) {
      return null;
    }
    return new QueueCheck(
        url,
        method,
        headers,
        preset,
        depth,
        consumers,
        oldestAge,
        unit == null ? AgeUnit.SECONDS : unit,
        ageRequired,
        window,
        maxBody,
        verifyTls,
        caFile,
        expect,
        resolvers,
        connectTo);
  }

  private static QueuePreset preset(String text) {
    for (QueuePreset p : QueuePreset.values()) {
      if (p.key().equals(text.trim())) {
        return p;
      }
    }
    String hint = Suggest.nearest(text.trim(), keys(QueuePreset.values()));
    throw new IllegalArgumentException(
        "\""
            + text
            + "\" is not a known preset"
            + (hint == null ? "" : " (did you mean \"" + hint + "\"?)")
            + "; presets: "
            + String.join(", ", keys(QueuePreset.values())));
  }

  private static List<String> keys(QueuePreset[] presets) {
    return Arrays.stream(presets).map(QueuePreset::key).collect(Collectors.toList());
  }

  private static Depth depth(MapReader m, QueuePreset preset) {
    boolean hasDepth = m.has("depth");
    boolean hasSum = m.has("sum");
    if (hasDepth && hasSum) {
      m.errorAtKey(
          "sum", m.where() + " has both \"depth\" and \"sum\": keep one (a pointer, or a sum)");
      return null;
    }
    if (hasDepth) {
      String p = pointer(m, "depth");
      return p == null ? null : new At(p);
    }
    if (hasSum) {
      MapReader s = m.map("sum");
      String array = pointerOr(s, "array");
      String field = pointerOr(s, "field");
      s.finish();
      return array == null || field == null ? null : new Sum(array, field);
    }
    if (preset != null) {
      return preset.depth();
    }
    if (m.has("preset")) {
      return null; // an unknown preset, already reported
    }
    m.error(
        m.where()
            + " needs \"depth\" (a JSON Pointer such as /messages_ready), \"sum\" ({array:"
            + " /queues, field: /messages}) or \"preset\" ("
            + String.join(", ", keys(QueuePreset.values()))
            + ")");
    return null;
  }

  /** A JSON Pointer at {@code key}, or null when absent or invalid (the latter recorded). */
  private static String pointer(MapReader m, String key) {
    if (!m.has(key)) {
      return null;
    }
    return m.parsed(key, null, QueueCheckParser::checkPointer);
  }

  /** Like {@link #pointer} but absent means the root ({@code ""}). */
  private static String pointerOr(MapReader m, String key) {
    return m.has(key) ? m.parsed(key, null, QueueCheckParser::checkPointer) : "";
  }

  static String checkPointer(String text) {
    String p = text.trim();
    try {
      JsonPointer.from(p);
      return p;
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a JSON Pointer (write it as /"
              + p
              + "; keys are separated by /, as in /queue/messages)");
    }
  }

  private static QueueExpect expect(MapReader e, boolean hasConsumers, boolean hasAge) {
    Long depthBelow = e.parsed("depth_below", null, QueueCheckParser::count);
    Double growth = e.decimal("growth_per_min_below", null);
    if (growth != null && !(growth > 0)) {
      e.error("growth_per_min_below", e.describe("growth_per_min_below") + " must be more than 0");
      growth = null;
    }
    Integer consumers = e.integer("consumers_at_least", null, 1, 1_000_000);
    if (consumers != null && !hasConsumers) {
      e.error(
          "consumers_at_least",
          e.describe("consumers_at_least")
              + " needs the queue block to read consumers (a \"consumers\" pointer, or a preset"
              + " that reports them)");
    }
    Duration oldest = e.positiveDuration("oldest_age_below", null);
    if (oldest != null && !hasAge) {
      e.error(
          "oldest_age_below",
          e.describe("oldest_age_below")
              + " needs the queue block to read an age (an \"oldest_age\" pointer, or a preset"
              + " that reports it)");
    }
    Duration toLimit = e.positiveDuration("time_to_limit_above", null);
    if (toLimit != null && depthBelow == null) {
      e.error(
          "time_to_limit_above",
          e.describe("time_to_limit_above")
              + " needs depth_below: it is the limit the time is counted to");
      return null;
    }
    return new QueueExpect(depthBelow, growth, consumers, oldest, toLimit);
  }

  private static Long count(String text) {
    try {
      long v = Long.parseLong(text.trim());
      if (v <= 0) {
        throw new IllegalArgumentException(v + " must be more than 0");
      }
      return v;
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("\"" + text + "\" is not a whole number");
    }
  }
}
