package dev.lookout.alert;

import dev.lookout.alert.AlertStateMachine.Snapshot;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file formats of persisted alert states: the compacted file ({@code <state_dir>/alerts.json},
 * every target's state by name, plus the journal position it includes) and the journal lines
 * appended between compactions ({@code alerts.journal}, one changed target per line).
 */
public final class AlertStateJson {
  private static final Logger LOG = LoggerFactory.getLogger(AlertStateJson.class);

  private AlertStateJson() {}

  /** The compacted file: every state, and the last journal line they already include. */
  public static Buffer encode(Map<String, Snapshot> states, long journalSeq) {
    JsonObject targets = new JsonObject();
    states.forEach((name, s) -> targets.put(name, snapshot(s)));
    return new JsonObject()
        .put("version", 1)
        .put("journal_seq", journalSeq)
        .put("targets", targets)
        .toBuffer();
  }

  public static Buffer encode(Map<String, Snapshot> states) {
    return encode(states, 0);
  }

  /** One journal line: a target's new state, or {@code null} when there is nothing to keep. */
  public static Buffer line(long seq, String target, Snapshot s) {
    return new JsonObject()
        .put("seq", seq)
        .put("target", target)
        .put("state", s == null ? null : snapshot(s))
        .toBuffer()
        .appendByte((byte) '\n');
  }

  private static JsonObject snapshot(Snapshot s) {
    return new JsonObject()
        .put("state", s.state().name())
        .put("failures", s.failures())
        .put("failing_since", NotificationJson.str(s.failingSince()))
        .put("fired_at", NotificationJson.str(s.firedAt()))
        .put("last_notified", NotificationJson.str(s.lastNotified()))
        .put("announced", s.announced())
        .put("findings", NotificationJson.findings(s.findings()))
        .put("sequence", s.sequence());
  }

  private static Snapshot snapshot(JsonObject o) {
    return new Snapshot(
        AlertStateMachine.State.valueOf(o.getString("state")),
        o.getInteger("failures", 0),
        NotificationJson.instant(o.getString("failing_since")),
        NotificationJson.instant(o.getString("fired_at")),
        NotificationJson.instant(o.getString("last_notified")),
        o.getBoolean("announced", false),
        NotificationJson.findings(o.getJsonArray("findings")),
        o.getInteger("sequence", 0));
  }

  /** The states in a compacted file; an unreadable file yields none (and a log line). */
  public static Map<String, Snapshot> decode(Buffer data) {
    return decode(data, List.of());
  }

  /**
   * The compacted file with the journal replayed over it. Journal lines the file already includes
   * (a crash between writing the file and emptying the journal) are skipped; a line that cannot be
   * read — the one a {@code kill -9} cut short — is skipped with a log line, never a crash.
   */
  public static Map<String, Snapshot> decode(Buffer data, List<Buffer> journal) {
    Map<String, Snapshot> out = new LinkedHashMap<>();
    long included = 0;
    if (data != null) {
      try {
        JsonObject file = new JsonObject(data);
        included = file.getLong("journal_seq", 0L);
        JsonObject targets = file.getJsonObject("targets", new JsonObject());
        for (String name : targets.fieldNames()) {
          out.put(name, snapshot(targets.getJsonObject(name)));
        }
      } catch (RuntimeException e) {
        LOG.error(
            "alert states file is unreadable ({}); starting with every target OK", e.toString());
        out.clear();
      }
    }
    int unreadable = 0;
    for (Buffer line : journal) {
      try {
        JsonObject o = new JsonObject(line);
        if (o.getLong("seq", 0L) <= included) {
          continue;
        }
        JsonObject s = o.getJsonObject("state");
        if (s == null) {
          out.remove(o.getString("target"));
        } else {
          out.put(o.getString("target"), snapshot(s));
        }
      } catch (RuntimeException e) {
        unreadable++;
      }
    }
    if (unreadable > 0) {
      LOG.warn(
          "alert states journal: skipped {} unreadable line(s) (a write cut short by a crash)",
          unreadable);
    }
    return out;
  }
}
