package dev.lookout.slo;

import dev.lookout.state.Journal;
import dev.lookout.state.StateHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The uptime history across restarts, in the state directory: once a minute every target's changed
 * minutes go to {@code slo.journal} in one fsynced append, and about once an hour the journal is
 * compacted into {@code slo.json} (written atomically). A {@code kill -9} loses at most the minute
 * since the last append; the verdict that was open carries on after a restart for as long as its
 * {@code interval × 2} allows, so an outage stays an outage and the agent's own downtime beyond
 * that is unknown.
 */
public final class SloStore {
  static final long FLUSH_MILLIS = 60_000;
  private static final int MIN_COMPACT_LINES = 1_024;
  private static final String WRITER = "uptime history";

  private final Vertx vertx;
  private final Journal journal;
  private final SloTracker tracker;
  private final StateHealth health;
  private long timer = -1;
  private long seq;
  private long linesSinceCompaction;
  private Future<Void> last = Future.succeededFuture();

  public SloStore(Vertx vertx, Path stateDir, SloTracker tracker, StateHealth health) {
    this.vertx = vertx;
    this.journal = new Journal(vertx, stateDir, "slo");
    this.tracker = tracker;
    this.health = health;
  }

  /**
   * Reads what a previous run left into the tracker (call after {@link SloTracker#configure}, so
   * the targets exist), compacts, and starts the minute flush.
   */
  public Future<Void> load() {
    return journal
        .read(c -> SloCodec.decode(c.file(), c.lines()))
        .map(
            stored -> {
              for (SloTracker.Entry e : tracker.entries()) {
                tracker.restore(
                    e.name,
                    stored.snapshot(e.name),
                    stored.changes().getOrDefault(e.name, List.of()));
              }
              return null;
            })
        .compose(v -> write(true))
        .onSuccess(v -> timer = vertx.setPeriodic(FLUSH_MILLIS, id -> flush()));
  }

  /** Appends what changed since the last write (compacting when the journal has grown). */
  public synchronized Future<Void> flush() {
    return write(false);
  }

  /** A last flush and a compaction; the minute flush stops. */
  public synchronized Future<Void> close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return write(true);
  }

  private synchronized Future<Void> write(boolean compactNow) {
    Future<Void> next = last.transform(ar -> doWrite(compactNow));
    last = next;
    return next;
  }

  private Future<Void> doWrite(boolean compactNow) {
    Map<String, History.Change> changes = tracker.changes();
    long first = seq + 1;
    seq += changes.size();
    long upTo = seq;
    boolean compact =
        compactNow
            || linesSinceCompaction + changes.size()
                > Math.max(MIN_COMPACT_LINES, 60L * tracker.entries().size());
    Future<Void> appended =
        changes.isEmpty() ? Future.succeededFuture() : journal.append(lines(changes, first));
    return appended
        .compose(
            v ->
                compact
                    ? journal.compact(() -> SloCodec.file(snapshots(), upTo))
                    : Future.<Void>succeededFuture())
        .andThen(
            ar -> {
              if (ar.succeeded()) {
                linesSinceCompaction = compact ? 0 : linesSinceCompaction + changes.size();
                health.ok(WRITER);
              } else {
                tracker.unflushed(changes);
                health.failed(WRITER, ar.cause());
              }
            })
        .recover(e -> Future.succeededFuture());
  }

  /**
   * The journal lines of {@code changes}, built once: the journal keeps its last task until the
   * next one, and the changes (a few hundred bytes per target) should not live that long.
   */
  private static Supplier<Buffer> lines(Map<String, History.Change> changes, long first) {
    AtomicReference<Map<String, History.Change>> pending = new AtomicReference<>(changes);
    return () -> {
      Map<String, History.Change> batch = pending.getAndSet(null);
      Buffer lines = Buffer.buffer(batch.size() * 96);
      long n = first;
      for (Map.Entry<String, History.Change> c : batch.entrySet()) {
        lines.appendBuffer(SloCodec.line(n++, c.getKey(), c.getValue()));
      }
      return lines;
    };
  }

  private Map<String, Supplier<byte[]>> snapshots() {
    Map<String, Supplier<byte[]>> out = new LinkedHashMap<>();
    for (SloTracker.Entry e : tracker.entries()) {
      out.put(e.name, () -> tracker.encode(e));
    }
    return out;
  }
}
