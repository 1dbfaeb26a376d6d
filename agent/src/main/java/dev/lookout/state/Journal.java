package dev.lookout.state;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A compacted file plus an append-only journal of what changed since: {@code <name>.json} and
 * {@code <name>.journal}. A change costs one appended line (fsynced), not a rewrite of everything;
 * compaction rewrites the file atomically ({@link AtomicFiles}) and then empties the journal. After
 * a {@code kill -9} a reader sees the file plus every complete journal line; a torn last line is
 * the reader's to skip, and a crash between the two steps of a compaction leaves lines the file
 * already holds, which the reader recognises by their sequence number.
 *
 * <p>Operations run on worker threads, one at a time, in the order they were asked for. A failed
 * append is cut off again before the next one, so a half-written line never ends up in the middle.
 */
public final class Journal {
  private final Vertx vertx;
  private final Path file;
  private final Path journal;
  private final Object lock = new Object();
  private Future<?> tail = Future.succeededFuture();

  /** The journal's length after the last append that completed, or -1 before the first. */
  private long goodLength = -1;

  public Journal(Vertx vertx, Path dir, String name) {
    this.vertx = vertx;
    this.file = dir.resolve(name + ".json");
    this.journal = dir.resolve(name + ".journal");
  }

  /** What is on disk: the compacted file (null when none) and the journal's lines, in order. */
  public record Contents(Buffer file, List<Buffer> lines) {}

  public Future<Contents> read() {
    return read(c -> c);
  }

  /**
   * Reads and hands what is on disk to {@code parse}, on the worker: parsing costs no loop time.
   */
  public <T> Future<T> read(java.util.function.Function<Contents, T> parse) {
    return serial(
        () -> {
          Buffer compacted = Files.exists(file) ? Buffer.buffer(Files.readAllBytes(file)) : null;
          List<Buffer> lines = new ArrayList<>();
          if (Files.exists(journal)) {
            byte[] all = Files.readAllBytes(journal);
            int start = 0;
            for (int i = 0; i < all.length; i++) {
              if (all[i] == '\n') {
                if (i > start) {
                  lines.add(Buffer.buffer(java.util.Arrays.copyOfRange(all, start, i)));
                }
                start = i + 1;
              }
            }
            if (start < all.length) {
              // No newline: a line cut short. Keep it for the reader to judge (and skip).
              lines.add(Buffer.buffer(java.util.Arrays.copyOfRange(all, start, all.length)));
            }
            goodLength = start;
          }
          return parse.apply(new Contents(compacted, lines));
        });
  }

  /**
   * Appends complete lines (each ending in a newline) and makes them durable. {@code lines} is
   * called on the worker, so building a large batch costs no event loop time.
   */
  public Future<Void> append(Supplier<Buffer> lines) {
    return serial(
        () -> {
          byte[] bytes = lines.get().getBytes();
          try (FileChannel ch =
              FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long at = goodLength >= 0 ? goodLength : ch.size();
            if (ch.size() > at) {
              ch.truncate(at); // the rest of an append that failed, or a torn line from a crash
            }
            ch.position(at);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
              ch.write(buf);
            }
            ch.force(false);
            goodLength = at + bytes.length;
          }
          return null;
        });
  }

  /**
   * Replaces the compacted file with what {@code content} returns (on the worker), then empties the
   * journal.
   */
  public Future<Void> compact(Supplier<Buffer> content) {
    return serial(
        () -> {
          AtomicFiles.write(file, content.get().getBytes());
          try (FileChannel ch =
              FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.force(false);
          }
          goodLength = 0;
          return null;
        });
  }

  private <T> Future<T> serial(Callable<T> work) {
    synchronized (lock) {
      Future<T> next = tail.transform(ignored -> vertx.executeBlocking(work, false));
      tail = next;
      return next;
    }
  }
}
