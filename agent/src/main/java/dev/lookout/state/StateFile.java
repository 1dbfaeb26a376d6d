package dev.lookout.state;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * One small file of state (alert states) rewritten atomically on a worker. Writes coalesce: while
 * one is running, further requests collapse into a single follow-up write of the latest content, so
 * a burst of changes costs two writes, not one per change.
 */
public final class StateFile {
  private final Vertx vertx;
  private final Path file;
  private final Object lock = new Object();
  private boolean writing;
  private Supplier<Buffer> next;
  private Promise<Void> nextDone;

  public StateFile(Vertx vertx, Path file) {
    this.vertx = vertx;
    this.file = file;
  }

  /** The file's content, or null when there is none yet. */
  public Future<Buffer> read() {
    return vertx.executeBlocking(
        () -> Files.exists(file) ? Buffer.buffer(Files.readAllBytes(file)) : null, false);
  }

  /** Writes what {@code content} returns when the write starts (so the latest state wins). */
  public Future<Void> write(Supplier<Buffer> content) {
    Promise<Void> done;
    synchronized (lock) {
      if (writing) {
        next = content;
        if (nextDone == null) {
          nextDone = Promise.promise();
        }
        return nextDone.future();
      }
      writing = true;
      done = Promise.promise();
    }
    run(content, done);
    return done.future();
  }

  private void run(Supplier<Buffer> content, Promise<Void> done) {
    vertx
        .<Void>executeBlocking(
            () -> {
              AtomicFiles.write(file, content.get().getBytes());
              return null;
            },
            false)
        .onComplete(
            r -> {
              done.handle(r);
              Supplier<Buffer> again;
              Promise<Void> againDone;
              synchronized (lock) {
                again = next;
                againDone = nextDone;
                next = null;
                nextDone = null;
                writing = again != null;
              }
              if (again != null) {
                run(again, againDone);
              }
            });
  }
}
