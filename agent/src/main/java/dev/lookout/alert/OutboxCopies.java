package dev.lookout.alert;

import dev.lookout.state.Outbox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's copies in the {@link Outbox}: each pending notification is stored before its
 * first attempt and removed once the notifier confirmed it. A copy the disk refused is stored again
 * at the next attempt, and one a confirmation or a fold overtook while its write ran is removed or
 * rewritten, so the outbox holds exactly what a restart still has to deliver.
 */
final class OutboxCopies {
  // The dispatcher's name: these lines are what operators (and tests) know its outbox by.
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Outbox outbox;

  OutboxCopies(Outbox outbox) {
    this.outbox = outbox;
  }

  /**
   * What a previous run left, in the order it was created; a file that does not decode is
   * quarantined.
   */
  Future<List<Notification>> load() {
    return outbox.load().map(this::decode);
  }

  private List<Notification> decode(Map<String, Buffer> stored) {
    List<Notification> found = new ArrayList<>();
    stored.forEach(
        (fileId, data) -> {
          try {
            found.add(NotificationJson.decode(data));
          } catch (RuntimeException e) {
            outbox.quarantine(fileId);
          }
        });
    found.sort(Comparator.comparing(Notification::createdAt).thenComparing(Notification::id));
    return found;
  }

  /**
   * Stores a notification; a failure keeps it in memory, to be stored again at the next attempt.
   */
  Future<Void> store(PendingNotification p) {
    if (p.stored || p.storing) {
      return Future.succeededFuture();
    }
    p.storing = true;
    Notification n = p.n;
    return outbox
        .put(n.id(), () -> NotificationJson.encode(n))
        .transform(
            ar -> {
              p.storing = false;
              if (ar.succeeded()) {
                if (p.delivered || p.n != n) {
                  // Confirmed (or folded) while the write ran: the file is not wanted as it is.
                  if (p.delivered) {
                    outbox.remove(n.id());
                  } else {
                    store(p);
                  }
                } else {
                  p.stored = true;
                }
              } else {
                LOG.warn(
                    "outbox: cannot store notification {} for \"{}\" ({}); holding it in memory,"
                        + " delivering it anyway and storing it again at the next attempt",
                    n.id(),
                    n.notifier(),
                    ar.cause().getMessage());
              }
              return Future.succeededFuture();
            });
  }

  /** Removes the stored copy of a notification that needs none any more. */
  void remove(PendingNotification p) {
    p.stored = false;
    outbox
        .remove(p.n.id())
        .onFailure(
            e -> LOG.error("outbox: cannot remove notification {}: {}", p.n.id(), e.toString()));
  }

  /** At stop: one more try to store what the disk refused so far, or say by id what is lost. */
  Future<Void> keepForNextRun(PendingNotification p) {
    if (p.stored || p.delivered) {
      return Future.succeededFuture();
    }
    Notification n = p.n;
    return outbox
        .put(n.id(), () -> NotificationJson.encode(n))
        .onSuccess(v -> p.stored = true)
        .recover(
            e -> {
              LOG.error(
                  "notification {} to \"{}\" ({} for {}) was neither delivered nor stored ({});"
                      + " it is LOST",
                  n.id(),
                  n.notifier(),
                  Messages.eventKinds(n),
                  Messages.targetList(n),
                  e.getMessage());
              return Future.succeededFuture();
            });
  }
}
