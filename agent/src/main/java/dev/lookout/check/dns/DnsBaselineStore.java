package dev.lookout.check.dns;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Keeps each baseline-mode dns target's baseline as one JSON file under {@code
 * STATE_DIR/dns-baselines/}. Writes are atomic (temporary file, fsync, rename, fsync of the
 * directory), so a crash leaves the old baseline or the new one, never half of one. File work runs
 * on worker threads, never on an event loop. Read afresh on every probe, so a baseline accepted by
 * {@code lookout dns-accept} takes effect on the running agent's next probe.
 */
public final class DnsBaselineStore implements DnsBaselines {
  private final Vertx vertx;
  private final Path dir;

  public DnsBaselineStore(Vertx vertx, Path stateDir) {
    this.vertx = vertx;
    this.dir = stateDir.resolve("dns-baselines");
  }

  /** The file of one target's baseline (its name URL-encoded, so any target name is safe). */
  public Path file(String target) {
    return dir.resolve(URLEncoder.encode(target, StandardCharsets.UTF_8) + ".json");
  }

  /** The stored baseline, or null when there is none yet. */
  @Override
  public Future<DnsBaseline> load(String target) {
    Path file = file(target);
    return vertx.executeBlocking(() -> read(file), false);
  }

  /** Replaces the target's baseline atomically. */
  @Override
  public Future<Void> save(String target, DnsBaseline baseline) {
    Path file = file(target);
    byte[] bytes = encode(target, baseline).encodePrettily().getBytes(StandardCharsets.UTF_8);
    return vertx.executeBlocking(
        () -> {
          write(file, bytes);
          return null;
        },
        false);
  }

  /** Blocking read, for worker threads and the CLI. */
  public static DnsBaseline read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
    try {
      return decode(new JsonObject(text));
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new IOException(
          "the DNS baseline "
              + file
              + " is unreadable ("
              + e.getMessage()
              + "): delete it to learn a new one, or run lookout dns-accept",
          e);
    }
  }

  /** Blocking atomic write: temporary file in the same directory, fsync, rename, fsync dir. */
  static void write(Path file, byte[] bytes) throws IOException {
    Path parent = file.getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    try (FileChannel d = FileChannel.open(parent, StandardOpenOption.READ)) {
      d.force(true); // make the rename itself durable
    } catch (IOException e) {
      // some file systems cannot sync a directory; the rename is still atomic
    }
  }

  static JsonObject encode(String target, DnsBaseline b) {
    JsonObject records = new JsonObject();
    b.records().forEach((type, values) -> records.put(type, new JsonArray(values)));
    JsonObject ttls = new JsonObject();
    b.ttls().forEach(ttls::put);
    return new JsonObject()
        .put("target", target)
        .put("name", b.name())
        .put("learned_at", b.learnedAt().toString())
        .put("records", records)
        .put("ttls", ttls);
  }

  static DnsBaseline decode(JsonObject json) {
    Map<String, List<String>> records = new TreeMap<>();
    JsonObject r = json.getJsonObject("records");
    for (String type : r.fieldNames()) {
      List<String> values = new ArrayList<>();
      r.getJsonArray(type).forEach(v -> values.add((String) v));
      records.put(type, values);
    }
    Map<String, Long> ttls = new TreeMap<>();
    JsonObject t = json.getJsonObject("ttls", new JsonObject());
    for (String type : t.fieldNames()) {
      ttls.put(type, t.getLong(type));
    }
    return new DnsBaseline(
        json.getString("name"), records, ttls, Instant.parse(json.getString("learned_at")));
  }
}
