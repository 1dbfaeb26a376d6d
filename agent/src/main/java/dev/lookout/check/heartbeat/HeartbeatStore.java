package dev.lookout.check.heartbeat;

import dev.lookout.check.heartbeat.HeartbeatState.LastRun;
import dev.lookout.check.heartbeat.Ping.Kind;
import dev.lookout.state.AtomicFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Keeps each heartbeat target's state as one JSON file under {@code STATE_DIR/heartbeats/},
 * replaced atomically ({@link AtomicFiles}) after every ping: a crash leaves the state before the
 * ping or after it, never half. File work runs on worker threads, one write at a time in the order
 * asked for, so an older state never lands over a newer one.
 */
public final class HeartbeatStore {
  private final Vertx vertx;
  private final Path dir;
  private final Object lock = new Object();
  private Future<?> tail = Future.succeededFuture();

  public HeartbeatStore(Vertx vertx, Path stateDir) {
    this.vertx = vertx;
    this.dir = stateDir.resolve("heartbeats");
  }

  /** The file of one target's state (its name URL-encoded, so any target name is safe). */
  public Path file(String target) {
    return dir.resolve(URLEncoder.encode(target, StandardCharsets.UTF_8) + ".json");
  }

  /** The stored state, or null when there is none. Fails with a sentence naming the file. */
  public Future<HeartbeatState> load(String target) {
    Path file = file(target);
    return serial(() -> read(file));
  }

  /** Replaces the target's state; completes once it is durable. */
  public Future<Void> save(String target, HeartbeatState state) {
    Path file = file(target);
    byte[] bytes = encode(target, state).encode().getBytes(StandardCharsets.UTF_8);
    return serial(
        () -> {
          AtomicFiles.write(file, bytes);
          return null;
        });
  }

  /** Blocking read, for worker threads and tools. */
  public static HeartbeatState read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
    try {
      return decode(new JsonObject(text));
    } catch (DecodeException
        | ClassCastException
        | NullPointerException
        | IllegalArgumentException
        | DateTimeException e) {
      throw new IOException(
          "the heartbeat state "
              + file
              + " is unreadable: delete it to start the target afresh (its first deadline then"
              + " counts from the next start)",
          e);
    }
  }

  static JsonObject encode(String target, HeartbeatState s) {
    JsonObject pings = new JsonObject();
    s.lastPing().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> pings.put(e.getKey().key(), e.getValue().toString()));
    JsonObject runs = new JsonObject();
    s.openRuns().forEach((rid, started) -> runs.put(rid, started.toString()));
    JsonObject json =
        new JsonObject()
            .put("version", 1)
            .put("target", target)
            .put("since", s.since().toString())
            .put("last_ping", pings)
            .put("open_runs", runs);
    LastRun last = s.lastRun();
    if (last != null) {
      json.put(
          "last_run",
          new JsonObject()
              .put("started", last.started() == null ? null : last.started().toString())
              .put("ended", last.ended().toString())
              .put("ok", last.ok())
              .put("exit_status", last.exitStatus())
              .put("log", last.log())
              .put("log_cut", last.logCut()));
    }
    return json;
  }

  static HeartbeatState decode(JsonObject json) {
    Map<Kind, Instant> pings = new EnumMap<>(Kind.class);
    JsonObject p = json.getJsonObject("last_ping", new JsonObject());
    for (String kind : p.fieldNames()) {
      pings.put(Kind.of(kind), Instant.parse(p.getString(kind)));
    }
    Map<String, Instant> runs = new LinkedHashMap<>();
    JsonObject r = json.getJsonObject("open_runs", new JsonObject());
    for (String rid : r.fieldNames()) {
      runs.put(rid, Instant.parse(r.getString(rid)));
    }
    LastRun last = null;
    JsonObject l = json.getJsonObject("last_run");
    if (l != null) {
      String started = l.getString("started");
      last =
          new LastRun(
              started == null ? null : Instant.parse(started),
              Instant.parse(l.getString("ended")),
              l.getBoolean("ok"),
              l.getInteger("exit_status"),
              l.getString("log", ""),
              l.getLong("log_cut", 0L));
    }
    return new HeartbeatState(Instant.parse(json.getString("since")), pings, runs, last);
  }

  private <T> Future<T> serial(Callable<T> work) {
    synchronized (lock) {
      Future<T> next = tail.transform(ignored -> vertx.executeBlocking(work, false));
      tail = next;
      return next;
    }
  }
}
