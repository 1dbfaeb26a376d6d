package dev.lookout.alert;

import dev.lookout.config.NotifierConfig;
import dev.lookout.state.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets alert events to people, at least once and in order: groups the events for each notifier that
 * arise within {@code group_wait} into one notification, stores it in the {@link Outbox} before the
 * first attempt, and delivers each notifier's notifications one at a time, oldest first — across
 * retries, backoff and restarts — so a receiver never sees a resolve before its firing. Failed
 * attempts are retried with {@link Backoff} (honouring {@code Retry-After}) under a per-attempt
 * timeout; a notification is removed only once the notifier confirmed it, and one older than {@code
 * give_up_after} is dropped loudly.
 *
 * <p>While a notification waits, a newer event of the same incident folds older news out of it: an
 * {@code UPDATED} or {@code REMINDER} that a later event of that incident overtook is not sent, and
 * a notification left with nothing to say counts as {@code superseded}. FIRING and RESOLVED are
 * always delivered, so an incident that came and went while the receiver was down is on record.
 *
 * <p>A notification the disk would not take (a full state directory) is kept in memory, stored
 * again at each attempt, and delivered all the same; one still neither delivered nor stored when
 * the agent stops is logged by id, target and event. Runs on its own event loop context, so a slow
 * or dead receiver never touches the lanes that probe.
 */
public final class Dispatcher extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** How long a stopping dispatcher waits for deliveries already under way. */
  static final Duration STOP_GRACE = Duration.ofSeconds(3);

  private final OutboxCopies copies;
  private final NotificationMeters meters;
  private final DeliveryOutcomes outcomes;
  private final Backoff backoff;
  private final Clock clock;
  private final Supplier<Future<Void>> statesDurable;
  private final Random random = new Random();
  private volatile Map<String, Route> routes;
  private final EventGroups groups = new EventGroups();
  private final PendingQueues pending = new PendingQueues();
  private boolean stopping;

  /** Deliveries under way: a stop waits for them (up to {@link #STOP_GRACE}). */
  private int sending;

  /** A notifier and how hard to try delivering to it. */
  public record Route(Notifier notifier, NotifierConfig.Delivery delivery) {}

  public Dispatcher(
      Outbox outbox,
      Map<String, Route> routes,
      NotificationMeters meters,
      Backoff backoff,
      Clock clock) {
    this(outbox, routes, meters, backoff, clock, Future::succeededFuture);
  }

  /**
   * {@code statesDurable} completes once the alert states behind the events submitted so far are on
   * disk: a notification is stored and sent only then, so a restart never announces it again.
   */
  public Dispatcher(
      Outbox outbox,
      Map<String, Route> routes,
      NotificationMeters meters,
      Backoff backoff,
      Clock clock,
      Supplier<Future<Void>> statesDurable) {
    this.copies = new OutboxCopies(outbox);
    this.routes = Map.copyOf(routes);
    this.meters = meters;
    this.outcomes = new DeliveryOutcomes(meters, clock);
    this.backoff = backoff;
    this.clock = clock;
    this.statesDurable = statesDurable;
  }

  /**
   * Swaps the notifiers after a reload; pending notifications for removed ones are kept on disk,
   * and those for a notifier that is back are sent again.
   */
  public void routes(Map<String, Route> next) {
    this.routes = Map.copyOf(next);
    if (context != null) {
      context.runOnContext(v -> pending.notifiers().forEach(this::next));
    }
  }

  /** Who hears each delivery outcome (the incident log). */
  public void listener(DeliveryListener l) {
    outcomes.listener(l);
  }

  @Override
  public Future<?> start() {
    meters.outboxPending(pending::size);
    // The first JSON use loads and initialises Jackson, which takes hundreds of milliseconds on a
    // cold JVM: do it on a worker rather than on this loop.
    return vertx
        .executeBlocking(
            () -> NotificationJson.encode(Notification.of("warm-up", clock.instant(), List.of())),
            false)
        .compose(v -> copies.load())
        .map(
            found -> {
              resume(found);
              return null;
            });
  }

  /** Events waiting out their group wait (read by tests from any thread). */
  int grouping() {
    return groups.size();
  }

  /** What a previous run left, queued per notifier in the order it was created. */
  private void resume(List<Notification> found) {
    for (Notification n : found) {
      LOG.info("outbox: resuming delivery of notification {} to \"{}\"", n.id(), n.notifier());
      if (n.test()) {
        pending.tests().add(new PendingNotification(n, true));
        attemptTest(pending.tests().get(pending.tests().size() - 1));
      } else {
        pending.queue(n.notifier()).addLast(new PendingNotification(n, true));
      }
    }
    pending.count();
    pending.notifiers().forEach(this::next);
  }

  /** Queues an event for a notifier; callable from any thread, returns at once. */
  public void submit(String notifier, AlertEvent event, Duration groupWait) {
    context.runOnContext(v -> enqueue(notifier, event, groupWait));
  }

  /** Sends one notification now (no grouping, no queue), e.g. {@code lookout test-alert}. */
  public Future<Void> sendNow(Notification n) {
    Promise<Void> p = Promise.promise();
    context.runOnContext(
        v -> {
          PendingNotification t = new PendingNotification(n, false);
          pending.tests().add(t);
          pending.count();
          copies.store(t).onComplete(r -> attemptTest(t)).onComplete(r -> p.complete());
        });
    return p.future();
  }

  private void enqueue(String notifier, AlertEvent event, Duration groupWait) {
    if (stopping) {
      // Too late to send, not too late to keep: the next run delivers it.
      Notification n = Notification.of(notifier, clock.instant(), List.of(event));
      copies.keepForNextRun(new PendingNotification(n, false));
      return;
    }
    EventGroups.Group g = groups.add(notifier, event);
    if (g.timer < 0) {
      Route route = routes.get(notifier);
      boolean groups = route == null || route.notifier().groups();
      long wait = groups ? Math.max(1, groupWait.toMillis()) : 1;
      g.timer = vertx.setTimer(wait, id -> flush(notifier));
    }
  }

  private Future<Void> flush(String notifier) {
    EventGroups.Group g = groups.take(notifier);
    if (g == null) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(g.timer);
    Notification n = Notification.of(notifier, clock.instant(), g.events);
    Promise<Void> done = Promise.promise();
    // The alert states behind these events go to disk first (or fail to): then a restart that
    // follows the delivery knows it was announced. Back on this context either way.
    statesDurable.get().onComplete(ar -> context.runOnContext(v -> add(n).onComplete(done)));
    return done.future();
  }

  /** A new notification joins its notifier's queue, folding older news of the same incidents. */
  private Future<Void> add(Notification n) {
    Deque<PendingNotification> q = pending.queue(n.notifier());
    for (PendingNotification p : new ArrayList<>(q)) {
      if (!p.sending) {
        fold(q, p, n.events());
      }
    }
    PendingNotification added = new PendingNotification(n, false);
    q.addLast(added);
    pending.count();
    return copies.store(added).onComplete(r -> next(n.notifier()));
  }

  private void fold(Deque<PendingNotification> q, PendingNotification p, List<AlertEvent> newer) {
    List<AlertEvent> kept = new ArrayList<>(p.n.events());
    if (!kept.removeIf(old -> newer.stream().anyMatch(e -> EventGroups.overtakes(e, old)))) {
      return;
    }
    if (kept.isEmpty()) {
      q.remove(p);
      cancelRetry(p);
      outcomes.superseded(p.n);
      if (p.stored) {
        copies.remove(p);
      }
      return;
    }
    p.n = new Notification(p.n.id(), p.n.notifier(), p.n.createdAt(), kept, p.n.test());
    if (p.stored) {
      p.stored = false; // the stored copy is stale now: store the folded one in its place
      copies.store(p);
    }
  }

  /** Starts the head of a notifier's queue unless it is already under way or waiting to retry. */
  private void next(String notifier) {
    Deque<PendingNotification> q = pending.existing(notifier);
    if (q == null || stopping) {
      return;
    }
    PendingNotification head = q.peekFirst();
    if (head == null || head.sending || head.retryTimer >= 0) {
      return;
    }
    attempt(head, q);
  }

  private void attempt(PendingNotification p, Deque<PendingNotification> q) {
    p.retryTimer = -1;
    if (stopping) {
      return;
    }
    Notification n = p.n;
    Route route = routes.get(n.notifier());
    Duration giveUp =
        route == null
            ? NotifierConfig.Delivery.DEFAULT.giveUpAfter()
            : route.delivery().giveUpAfter();
    if (clock.instant().isAfter(n.createdAt().plus(giveUp))) {
      q.remove(p);
      expire(p);
      next(n.notifier());
      return;
    }
    if (route == null) {
      LOG.warn(
          "notifier \"{}\" is not configured any more; keeping notification {} in the outbox",
          n.notifier(),
          n.id());
      return;
    }
    copies.store(p);
    if (p.failures > 0) {
      outcomes.retried(n);
    }
    p.sending = true;
    sending++;
    TimedAttempt.send(vertx, route, n)
        .onComplete(
            ar -> {
              sending--;
              p.sending = false;
              if (ar.succeeded()) {
                q.remove(p);
                delivered(p, n);
                next(n.notifier());
              } else {
                failed(p, q, route, ar.cause());
              }
            });
  }

  private void attemptTest(PendingNotification t) {
    Route route = routes.get(t.n.notifier());
    if (route == null || stopping) {
      return;
    }
    copies.store(t);
    sending++;
    TimedAttempt.send(vertx, route, t.n)
        .onComplete(
            ar -> {
              sending--;
              if (ar.succeeded()) {
                pending.tests().remove(t);
                delivered(t, t.n);
              } else {
                t.failures++;
                outcomes.testFailed(t.n);
                t.retryTimer =
                    vertx.setTimer(
                        Math.max(1, backoff.delay(t.failures, null, random).toMillis()),
                        id -> {
                          t.retryTimer = -1;
                          attemptTest(t);
                        });
              }
            });
  }

  private void delivered(PendingNotification p, Notification n) {
    p.delivered = true;
    pending.count();
    outcomes.sent(n);
    if (p.stored) {
      copies.remove(p);
    }
  }

  private void failed(
      PendingNotification p, Deque<PendingNotification> q, Route route, Throwable e) {
    Notification n = p.n;
    p.failures++;
    outcomes.failed(n, e);
    Duration retryAfter = e instanceof DeliveryException d ? d.retryAfter() : null;
    Instant deadline = n.createdAt().plus(route.delivery().giveUpAfter());
    Duration wait = backoff.delayUntil(deadline, clock, p.failures, retryAfter, random);
    outcomes.retrying(n, p.failures, e, wait, q.size() - 1);
    p.retryTimer = vertx.setTimer(Math.max(1, wait.toMillis()), t -> attempt(p, q));
  }

  private void cancelRetry(PendingNotification p) {
    if (p.retryTimer >= 0) {
      vertx.cancelTimer(p.retryTimer);
      p.retryTimer = -1;
    }
  }

  private void expire(PendingNotification p) {
    pending.count();
    outcomes.expired(p.n, p.failures);
    if (p.stored) {
      copies.remove(p);
    }
  }

  /**
   * Sends what is still being grouped now rather than after its group wait, gives deliveries in
   * progress up to {@link #STOP_GRACE} to finish, then stops retrying. Whatever is not confirmed by
   * then stays in the outbox and is delivered by the next run; what the disk still refuses is
   * logged by id.
   */
  @Override
  public Future<?> stop() {
    List<Future<Void>> stored = new ArrayList<>();
    for (String notifier : groups.notifiers()) {
      stored.add(flush(notifier));
    }
    Promise<Void> settled = Promise.promise();
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    Future.join(stored)
        .onComplete(
            v ->
                vertx.setPeriodic(
                    1,
                    25,
                    id -> {
                      if (sending == 0 || System.nanoTime() > deadline) {
                        vertx.cancelTimer(id);
                        settled.tryComplete();
                      }
                    }));
    return settled
        .future()
        .compose(
            v -> {
              stopping = true;
              List<Future<Void>> kept = new ArrayList<>();
              for (PendingNotification p : pending.all()) {
                cancelRetry(p);
                kept.add(copies.keepForNextRun(p));
              }
              return Future.join(kept);
            });
  }
}
