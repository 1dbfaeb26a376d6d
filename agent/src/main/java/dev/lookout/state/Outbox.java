package dev.lookout.state;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbox: one file per undelivered notification ({@code <state_dir>/outbox/<id>.json}).
 * A file is written (atomically, fsynced) before the first delivery attempt and deleted only after
 * the receiver confirmed it, so a crash at any moment loses nothing; at worst a notification is
 * sent twice, with the same id. One file per notification keeps a confirmation a single unlink
 * rather than a rewrite of a shared log. All I/O runs on worker threads.
 */
public final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final String SUFFIX = ".json";
  private static final String WRITER = "the outbox";

  private final Vertx vertx;
  private final Path dir;
  private final Set<String> stored = ConcurrentHashMap.newKeySet();
  private final StateHealth health;

  public Outbox(Vertx vertx, Path stateDir) {
    this(vertx, stateDir, new StateHealth(stateDir));
  }

  public Outbox(Vertx vertx, Path stateDir, StateHealth health) {
    this.vertx = vertx;
    this.dir = stateDir.resolve("outbox");
    this.health = health;
  }

  /** Notifications stored and not yet removed. */
  public int pending() {
    return stored.size();
  }

  /** Stores (or replaces) a notification's file. */
  public Future<Void> put(String id, Buffer data) {
    return put(id, () -> data);
  }

  /**
   * Stores (or replaces) a notification's file; {@code data} is called on the worker, so encoding a
   * storm's notification of thousands of events costs no event loop time.
   */
  public Future<Void> put(String id, java.util.function.Supplier<Buffer> data) {
    return vertx
        .<Void>executeBlocking(
            () -> {
              AtomicFiles.write(file(id), data.get().getBytes());
              return null;
            },
            false)
        .onSuccess(
            v -> {
              stored.add(id);
              health.ok(WRITER);
            })
        .onFailure(e -> health.failed(WRITER, e));
  }

  public Future<Void> remove(String id) {
    return vertx
        .<Void>executeBlocking(
            () -> {
              AtomicFiles.delete(file(id));
              return null;
            },
            false)
        .onSuccess(v -> stored.remove(id))
        .onFailure(e -> health.failed(WRITER, e));
  }

  /** Every stored notification by id, oldest file first. */
  public Future<Map<String, Buffer>> load() {
    return vertx.executeBlocking(this::readAll, false);
  }

  private Map<String, Buffer> readAll() throws IOException {
    Map<String, Buffer> out = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.endsWith(AtomicFiles.TMP_SUFFIX)) {
          Files.deleteIfExists(p); // a write that never completed, so never attempted
        } else if (name.endsWith(SUFFIX)) {
          files.add(p);
        }
      }
    }
    files.sort(
        (a, b) -> {
          try {
            return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
          } catch (IOException e) {
            return a.compareTo(b);
          }
        });
    for (Path p : files) {
      String name = p.getFileName().toString();
      out.put(
          name.substring(0, name.length() - SUFFIX.length()), Buffer.buffer(Files.readAllBytes(p)));
    }
    stored.clear();
    stored.addAll(out.keySet());
    return out;
  }

  /** Moves a file that cannot be parsed out of the way, keeping it for a person to look at. */
  public Future<Void> quarantine(String fileId) {
    return vertx.executeBlocking(
        () -> {
          Path f = file(fileId);
          if (Files.exists(f)) {
            Files.move(f, dir.resolve(fileId + ".broken"));
            stored.remove(fileId);
            LOG.error("outbox file {} is unreadable; moved aside as {}.broken", f, fileId);
          }
          return null;
        },
        false);
  }

  private Path file(String id) {
    if (!id.matches("[A-Za-z0-9-]{1,64}")) {
      throw new IllegalArgumentException("bad outbox id");
    }
    return dir.resolve(id + SUFFIX);
  }
}
