package dev.lookout.alert;

import dev.lookout.evaluate.Finding;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The outbox's file format for a notification (and the webhook payload's building blocks). */
public final class NotificationJson {
  private NotificationJson() {}

  public static Buffer encode(Notification n) {
    JsonArray events = new JsonArray();
    n.events().forEach(e -> events.add(event(e)));
    return new JsonObject()
        .put("version", 1)
        .put("id", n.id())
        .put("notifier", n.notifier())
        .put("created_at", n.createdAt().toString())
        .put("test", n.test())
        .put("events", events)
        .toBuffer();
  }

  public static Notification decode(Buffer data) {
    JsonObject o = new JsonObject(data);
    List<AlertEvent> events = new ArrayList<>();
    for (Object e : o.getJsonArray("events")) {
      events.add(event((JsonObject) e));
    }
    return new Notification(
        o.getString("id"),
        o.getString("notifier"),
        Instant.parse(o.getString("created_at")),
        events,
        o.getBoolean("test", false));
  }

  public static JsonObject event(AlertEvent e) {
    return new JsonObject()
        .put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT))
        .put("target", e.target())
        .put("severity", e.severity())
        .put("findings", findings(e.findings()))
        .put("failing_since", str(e.failingSince()))
        .put("fired_at", str(e.firedAt()))
        .put("at", str(e.at()))
        .put("sequence", e.sequence());
  }

  public static JsonArray findings(List<Finding> findings) {
    JsonArray out = new JsonArray();
    findings.forEach(
        f ->
            out.add(
                new JsonObject().put("expectation", f.expectation()).put("message", f.message())));
    return out;
  }

  public static List<Finding> findings(JsonArray a) {
    List<Finding> out = new ArrayList<>();
    if (a != null) {
      for (Object f : a) {
        JsonObject j = (JsonObject) f;
        out.add(new Finding(j.getString("expectation"), j.getString("message")));
      }
    }
    return out;
  }

  private static AlertEvent event(JsonObject o) {
    return new AlertEvent(
        AlertEvent.Kind.valueOf(o.getString("kind").toUpperCase(java.util.Locale.ROOT)),
        o.getString("target"),
        o.getString("severity"),
        findings(o.getJsonArray("findings")),
        instant(o.getString("failing_since")),
        instant(o.getString("fired_at")),
        instant(o.getString("at")),
        o.getInteger("sequence", 0));
  }

  static String str(Instant i) {
    return i == null ? null : i.toString();
  }

  static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }
}
