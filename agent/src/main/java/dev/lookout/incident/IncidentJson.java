package dev.lookout.incident;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An incident as one JSON object: a journal line, an entry of {@code /api/incidents}. */
public final class IncidentJson {
  private IncidentJson() {}

  public static JsonObject encode(Incident i, Instant now) {
    JsonArray changes = new JsonArray();
    i.findings()
        .forEach(
            c ->
                changes.add(
                    new JsonObject()
                        .put("at", str(c.at()))
                        .put("findings", new JsonArray(new ArrayList<Object>(c.findings())))));
    JsonArray sent = new JsonArray();
    i.notifications()
        .forEach(
            s ->
                sent.add(
                    new JsonObject()
                        .put("notifier", s.notifier())
                        .put("at", str(s.at()))
                        .put("kind", s.kind())
                        .put("result", s.result())
                        .put("detail", s.detail())));
    JsonArray notes = new JsonArray();
    i.notes()
        .forEach(
            n ->
                notes.add(
                    new JsonObject()
                        .put("at", str(n.at()))
                        .put("by", n.by())
                        .put("text", n.text())));
    return new JsonObject()
        .put("id", i.id())
        .put("target", i.target())
        .put("severity", i.severity())
        .put("started_at", str(i.startedAt()))
        .put("fired_at", str(i.firedAt()))
        .put("resolved_at", str(i.resolvedAt()))
        .put("open", i.open())
        .put("duration_seconds", i.duration(now).toSeconds())
        .put(
            "acknowledged",
            i.ack() == null
                ? null
                : new JsonObject()
                    .put("by", i.ack().by())
                    .put("at", str(i.ack().at()))
                    .put("note", i.ack().note()))
        .put("findings", changes)
        .put("notifications", sent)
        .put("notes", notes)
        .put("escalation_start", str(i.escalationStart()))
        .put("escalated", i.escalated())
        .put("told", new JsonArray(new ArrayList<Object>(i.told())))
        .put("held", new JsonArray(new ArrayList<Object>(i.held())));
  }

  public static Incident decode(JsonObject o) {
    List<Incident.Change> changes = new ArrayList<>();
    for (Object c : o.getJsonArray("findings", new JsonArray())) {
      JsonObject j = (JsonObject) c;
      changes.add(new Incident.Change(at(j, "at"), strings(j.getJsonArray("findings"))));
    }
    List<Incident.Sent> sent = new ArrayList<>();
    for (Object s : o.getJsonArray("notifications", new JsonArray())) {
      JsonObject j = (JsonObject) s;
      sent.add(
          new Incident.Sent(
              j.getString("notifier"),
              at(j, "at"),
              j.getString("kind"),
              j.getString("result"),
              j.getString("detail")));
    }
    List<Incident.Note> notes = new ArrayList<>();
    for (Object n : o.getJsonArray("notes", new JsonArray())) {
      JsonObject j = (JsonObject) n;
      notes.add(new Incident.Note(at(j, "at"), j.getString("by"), j.getString("text")));
    }
    JsonObject ack = o.getJsonObject("acknowledged");
    return new Incident(
        o.getString("id"),
        o.getString("target"),
        o.getString("severity"),
        at(o, "started_at"),
        at(o, "fired_at"),
        at(o, "resolved_at"),
        ack == null
            ? null
            : new Incident.Ack(ack.getString("by"), at(ack, "at"), ack.getString("note")),
        changes,
        sent,
        notes,
        at(o, "escalation_start"),
        o.getInteger("escalated", 0),
        strings(o.getJsonArray("told")),
        strings(o.getJsonArray("held")));
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    if (a != null) {
      a.forEach(x -> out.add(String.valueOf(x)));
    }
    return out;
  }

  private static String str(Instant t) {
    return t == null ? null : t.toString();
  }

  private static Instant at(JsonObject o, String key) {
    String s = o.getString(key);
    return s == null ? null : Instant.parse(s);
  }
}
