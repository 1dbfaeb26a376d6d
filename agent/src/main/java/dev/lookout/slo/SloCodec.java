package dev.lookout.slo;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file formats of the uptime history: the compacted file ({@code <state_dir>/slo.json}, every
 * target's buckets, deflated and base64-encoded, plus the journal position it includes) and the
 * journal lines ({@code slo.journal}, one target's changed minutes and open verdict per line, the
 * last line for a minute winning).
 */
final class SloCodec {
  private static final Logger LOG = LoggerFactory.getLogger(SloCodec.class);
  private static final int MAX_INFLATED = 4 * 1024 * 1024;

  private SloCodec() {}

  /**
   * What a previous run left: each target's compacted buckets, still deflated (see {@link
   * #snapshot}; they are checked, not held inflated), and the journal lines after.
   */
  record Stored(Map<String, byte[]> snapshots, Map<String, List<History.Change>> changes) {
    /** A target's buckets (see {@link HistoryBytes}), null when the file has none. */
    byte[] snapshot(String target) {
      byte[] deflated = snapshots.get(target);
      return deflated == null ? null : inflate(deflated);
    }
  }

  /**
   * The compacted file: each target's buckets, encoded and deflated one target at a time, so only
   * the deflated ones are held together.
   */
  static Buffer file(Map<String, Supplier<byte[]>> histories, long journalSeq) {
    JsonObject targets = new JsonObject();
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      byte[] buf = new byte[4096];
      histories.forEach(
          (name, bytes) -> {
            d.reset();
            targets.put(name, Base64.getEncoder().encodeToString(deflate(d, bytes.get(), buf)));
          });
    } finally {
      d.end();
    }
    return new JsonObject()
        .put("version", 1)
        .put("journal_seq", journalSeq)
        .put("targets", targets)
        .toBuffer();
  }

  static Buffer line(long seq, String target, History.Change c) {
    History.Open o = c.open();
    JsonArray minutes = new JsonArray();
    for (History.Minute m : c.minutes()) {
      minutes.add(
          new JsonArray()
              .add(m.minute())
              .add(m.good())
              .add(m.bad())
              .add(m.badProbes())
              .add(m.latGood())
              .add(m.latTotal()));
    }
    JsonArray open =
        new JsonArray().add(o.start()).add(o.healthy()).add(o.cap()).add(o.attributed());
    for (long f : o.firedAt()) {
      open.add(f);
    }
    return new JsonObject()
        .put("seq", seq)
        .put("target", target)
        .put("open", open)
        .put("minutes", minutes)
        .toBuffer()
        .appendString("\n");
  }

  /**
   * The compacted file with the journal over it. Lines the file already includes are skipped; a
   * line that cannot be read (the one a {@code kill -9} cut short) is skipped with a warning.
   */
  static Stored decode(Buffer data, List<Buffer> journal) {
    Map<String, byte[]> snapshots = new LinkedHashMap<>();
    long included = 0;
    if (data != null) {
      try {
        JsonObject file = new JsonObject(data);
        included = file.getLong("journal_seq", 0L);
        JsonObject targets = file.getJsonObject("targets", new JsonObject());
        for (String name : targets.fieldNames()) {
          byte[] deflated = Base64.getDecoder().decode(targets.getString(name));
          inflate(deflated, null); // a broken target makes the whole file unreadable, as before
          snapshots.put(name, deflated);
        }
      } catch (RuntimeException e) {
        LOG.error(
            "uptime history file is unreadable ({}); uptime starts again as unknown",
            e.getMessage());
        snapshots.clear();
      }
    }
    Map<String, List<History.Change>> changes = new LinkedHashMap<>();
    int unreadable = 0;
    for (Buffer line : journal) {
      try {
        JsonObject o = new JsonObject(line);
        if (o.getLong("seq", 0L) <= included) {
          continue;
        }
        changes.computeIfAbsent(o.getString("target"), k -> new ArrayList<>()).add(change(o));
      } catch (RuntimeException e) {
        unreadable++;
      }
    }
    if (unreadable > 0) {
      LOG.warn(
          "uptime history journal: skipped {} unreadable line(s) (a write cut short by a crash)",
          unreadable);
    }
    return new Stored(snapshots, changes);
  }

  private static History.Change change(JsonObject o) {
    JsonArray open = o.getJsonArray("open");
    long[] fired = new long[BurnAlerts.SLOTS];
    for (int i = 0; i < fired.length; i++) {
      fired[i] = open.getLong(4 + i);
    }
    History.Open op =
        new History.Open(
            open.getLong(0), open.getBoolean(1), open.getLong(2), open.getLong(3), fired);
    List<History.Minute> minutes = new ArrayList<>();
    for (Object item : o.getJsonArray("minutes")) {
      JsonArray m = (JsonArray) item;
      minutes.add(
          new History.Minute(
              m.getLong(0),
              m.getInteger(1),
              m.getInteger(2),
              m.getInteger(3),
              m.getInteger(4),
              m.getInteger(5)));
    }
    return new History.Change(op, minutes);
  }

  private static byte[] deflate(Deflater d, byte[] bytes, byte[] buf) {
    d.setInput(bytes);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    return out.toByteArray();
  }

  static byte[] inflate(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
    inflate(bytes, out);
    return out.toByteArray();
  }

  /** Inflates into {@code out}, or only checks that it inflates when {@code out} is null. */
  private static void inflate(byte[] bytes, ByteArrayOutputStream out) {
    Inflater i = new Inflater();
    try {
      i.setInput(bytes);
      byte[] buf = new byte[4096];
      long size = 0;
      while (!i.finished()) {
        int n = i.inflate(buf);
        if (n == 0 && (i.needsInput() || i.needsDictionary())) {
          throw new IllegalArgumentException("history cut short");
        }
        if (out != null) {
          out.write(buf, 0, n);
        }
        size += n;
        if (size > MAX_INFLATED) {
          throw new IllegalArgumentException("history too large");
        }
      }
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("history is not deflated data");
    } finally {
      i.end();
    }
  }
}
