package dev.lookout.alert;

import dev.lookout.alert.AlertStateMachine.Snapshot;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The file format of persisted alert states ({@code <state_dir>/alerts.json}), by target name. */
public final class AlertStateJson {
  private static final Logger LOG = LoggerFactory.getLogger(AlertStateJson.class);

  private AlertStateJson() {}

  public static Buffer encode(Map<String, Snapshot> states) {
    JsonObject targets = new JsonObject();
    states.forEach(
        (name, s) ->
            targets.put(
                name,
                new JsonObject()
                    .put("state", s.state().name())
                    .put("failures", s.failures())
                    .put("failing_since", NotificationJson.str(s.failingSince()))
                    .put("fired_at", NotificationJson.str(s.firedAt()))
                    .put("last_notified", NotificationJson.str(s.lastNotified()))
                    .put("announced", s.announced())
                    .put("findings", NotificationJson.findings(s.findings()))));
    return new JsonObject().put("version", 1).put("targets", targets).toBuffer();
  }

  /** The states in a file; an unreadable file yields none (and a log line), never a crash. */
  public static Map<String, Snapshot> decode(Buffer data) {
    Map<String, Snapshot> out = new LinkedHashMap<>();
    if (data == null) {
      return out;
    }
    try {
      JsonObject targets = new JsonObject(data).getJsonObject("targets", new JsonObject());
      for (String name : targets.fieldNames()) {
        JsonObject o = targets.getJsonObject(name);
        out.put(
            name,
            new Snapshot(
                AlertStateMachine.State.valueOf(o.getString("state")),
                o.getInteger("failures", 0),
                NotificationJson.instant(o.getString("failing_since")),
                NotificationJson.instant(o.getString("fired_at")),
                NotificationJson.instant(o.getString("last_notified")),
                o.getBoolean("announced", false),
                NotificationJson.findings(o.getJsonArray("findings"))));
      }
    } catch (RuntimeException e) {
      LOG.error(
          "alert states file is unreadable ({}); starting with every target OK", e.toString());
      out.clear();
    }
    return out;
  }
}
