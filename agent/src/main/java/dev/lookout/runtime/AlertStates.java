package dev.lookout.runtime;

import dev.lookout.alert.AlertStateJson;
import dev.lookout.alert.AlertStateMachine.Snapshot;
import dev.lookout.state.Journal;
import dev.lookout.state.StateHealth;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alert states across restarts, at a cost that grows with what changed, not with the number of
 * targets. Lanes report a target's state only when it changed in a way a restart cares about
 * ({@link #changed}, any thread, O(1)); once a second the changed targets are appended to the
 * journal in one fsynced write, and the journal is compacted into {@code alerts.json} when it has
 * grown to twice the states it describes. {@link #durable} lets the dispatcher wait until
 * everything reported so far is on disk before it tells anyone, so a restart never announces an
 * incident again.
 *
 * <p>Memory holds the latest state of each target that has one worth keeping: bounded by the
 * config, whatever the storm. A write that fails (a full disk) keeps the targets marked as changed
 * and is tried again at the next flush.
 */
final class AlertStates {
  static final long FLUSH_MILLIS = 1_000;
  private static final int MIN_COMPACT_LINES = 1_024;
  private static final String WRITER = "alert states";

  private final Vertx vertx;
  private final Journal journal;
  private final StateHealth health;
  private final Map<String, Snapshot> latest = new ConcurrentHashMap<>();
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private Context context;
  private long timer = -1;

  // Confined to the context.
  private long seq;
  private long linesSinceCompaction;
  private boolean writing;
  private boolean compactWanted;
  private List<Promise<Void>> waiting = new ArrayList<>();

  AlertStates(Vertx vertx, Path stateDir, StateHealth health) {
    this.vertx = vertx;
    this.journal = new Journal(vertx, stateDir, "alerts");
    this.health = health;
  }

  /**
   * Reads what a previous run left (file plus journal), compacts it into one file and starts the
   * periodic flush. The states are handed back for the targets to carry on from.
   */
  Future<Map<String, Snapshot>> load() {
    context = vertx.getOrCreateContext();
    return journal
        .read(c -> AlertStateJson.decode(c.file(), c.lines()))
        .compose(
            states -> {
              states.forEach(
                  (name, s) -> {
                    if (s.interesting()) {
                      latest.put(name, s);
                    }
                  });
              Promise<Void> started = Promise.promise();
              context.runOnContext(
                  v -> {
                    timer = vertx.setPeriodic(FLUSH_MILLIS, id -> flush());
                    compactWanted = true;
                    waiting.add(started);
                    flush();
                  });
              return started.future().map(Map.copyOf(states));
            });
  }

  /** A target's state changed; {@code s} null (or not worth keeping) forgets it. Any thread. */
  void changed(String target, Snapshot s) {
    if (s == null || !s.interesting()) {
      latest.remove(target);
    } else {
      latest.put(target, s);
    }
    dirty.add(target);
  }

  /** Completes once everything reported before the call is on disk (or its write failed). */
  Future<Void> durable() {
    Promise<Void> p = Promise.promise();
    if (context == null) {
      return Future.succeededFuture();
    }
    context.runOnContext(
        v -> {
          waiting.add(p);
          flush();
        });
    return p.future();
  }

  /** The last flush and a compaction; the periodic flush stops. */
  Future<Void> close() {
    if (context == null) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    context.runOnContext(
        v -> {
          vertx.cancelTimer(timer);
          compactWanted = true;
          waiting.add(p);
          flush();
        });
    return p.future();
  }

  private void flush() {
    if (writing) {
      return; // the write under way flushes again when it ends if anyone waits
    }
    List<Promise<Void>> waiters = waiting;
    waiting = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
      names.add(it.next());
      it.remove(); // before the state is read below, so a change in between is never lost
    }
    boolean compact = compactWanted || linesSinceCompaction + names.size() > compactionThreshold();
    if (names.isEmpty() && !compact) {
      waiters.forEach(Promise::tryComplete);
      return;
    }
    writing = true;
    long first = seq + 1;
    seq += names.size();
    long last = seq;
    Future<Void> appended =
        names.isEmpty()
            ? Future.succeededFuture()
            : journal.append(
                () -> {
                  Buffer lines = Buffer.buffer(names.size() * 256);
                  long n = first;
                  for (String name : names) {
                    lines.appendBuffer(AlertStateJson.line(n++, name, latest.get(name)));
                  }
                  return lines;
                });
    appended
        .compose(
            v ->
                compact
                    ? journal.compact(() -> AlertStateJson.encode(new TreeMap<>(latest), last))
                    : Future.<Void>succeededFuture())
        // Worker results complete on whichever context started the chain: come back to this one.
        .onComplete(ar -> context.runOnContext(v -> written(ar, names, compact, waiters)));
  }

  private void written(
      io.vertx.core.AsyncResult<Void> ar,
      List<String> names,
      boolean compacted,
      List<Promise<Void>> waiters) {
    writing = false;
    if (ar.succeeded()) {
      linesSinceCompaction = compacted ? 0 : linesSinceCompaction + names.size();
      compactWanted &= !compacted;
      health.ok(WRITER);
    } else {
      dirty.addAll(names); // tried again at the next flush
      health.failed(WRITER, ar.cause());
    }
    // Waiters are released on failure too: a full disk must not hold back a page.
    waiters.forEach(Promise::tryComplete);
    if (!waiting.isEmpty()) {
      flush();
    }
  }

  private long compactionThreshold() {
    return Math.max(MIN_COMPACT_LINES, 2L * latest.size());
  }
}
