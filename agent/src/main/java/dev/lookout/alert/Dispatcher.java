package dev.lookout.alert;

import dev.lookout.config.NotifierConfig;
import dev.lookout.state.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
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

  private final Outbox outbox;
  private final NotificationMeters meters;
  private final Backoff backoff;
  private final Clock clock;
  private final Supplier<Future<Void>> statesDurable;
  private final Random random = new Random();
  private volatile Map<String, Route> routes;
  private final Map<String, Group> groups = new HashMap<>();
  private final Map<String, Deque<Pending>> queues = new HashMap<>();
  private final List<Pending> tests = new ArrayList<>();
  private boolean stopping;
  private volatile DeliveryListener listener = DeliveryListener.NONE;

  /** Deliveries under way: a stop waits for them (up to {@link #STOP_GRACE}). */
  private int sending;

  /** A notifier and how hard to try delivering to it. */
  public record Route(Notifier notifier, NotifierConfig.Delivery delivery) {}

  private static final class Group {
    final List<AlertEvent> events = new ArrayList<>();
    long timer = -1;
  }

  /** A notification not yet confirmed, with where its delivery stands. */
  private static final class Pending {
    Notification n;
    boolean stored;
    boolean storing;
    boolean sending;
    boolean delivered;
    int failures;
    long retryTimer = -1;

    Pending(Notification n, boolean stored) {
      this.n = n;
      this.stored = stored;
    }
  }

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
    this.outbox = outbox;
    this.routes = Map.copyOf(routes);
    this.meters = meters;
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
      context.runOnContext(v -> queues.keySet().forEach(this::next));
    }
  }

  /** Who hears each delivery outcome (the incident log). */
  public void listener(DeliveryListener l) {
    this.listener = l;
  }

  @Override
  public Future<?> start() {
    meters.outboxPending(this::undelivered);
    // The first JSON use loads and initialises Jackson, which takes hundreds of milliseconds on a
    // cold JVM: do it on a worker rather than on this loop.
    return vertx
        .executeBlocking(
            () -> NotificationJson.encode(Notification.of("warm-up", clock.instant(), List.of())),
            false)
        .compose(v -> outbox.load())
        .map(
            stored -> {
              resume(stored);
              return null;
            });
  }

  /** Events waiting out their group wait (read by tests from any thread). */
  private volatile int grouping;

  int grouping() {
    return grouping;
  }

  /** Notifications not yet confirmed: stored ones and, while the disk refuses, held ones. */
  private volatile int undelivered;

  private int undelivered() {
    return undelivered;
  }

  private void count() {
    int n = tests.size();
    for (Deque<Pending> q : queues.values()) {
      n += q.size();
    }
    undelivered = n;
  }

  /** What a previous run left, queued per notifier in the order it was created. */
  private void resume(Map<String, Buffer> stored) {
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
    for (Notification n : found) {
      LOG.info("outbox: resuming delivery of notification {} to \"{}\"", n.id(), n.notifier());
      if (n.test()) {
        tests.add(new Pending(n, true));
        attemptTest(tests.get(tests.size() - 1));
      } else {
        queue(n.notifier()).addLast(new Pending(n, true));
      }
    }
    count();
    queues.keySet().forEach(this::next);
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
          Pending t = new Pending(n, false);
          tests.add(t);
          count();
          store(t).onComplete(r -> attemptTest(t)).onComplete(r -> p.complete());
        });
    return p.future();
  }

  private void enqueue(String notifier, AlertEvent event, Duration groupWait) {
    if (stopping) {
      // Too late to send, not too late to keep: the next run delivers it.
      Notification n = Notification.of(notifier, clock.instant(), List.of(event));
      keepForNextRun(new Pending(n, false));
      return;
    }
    Group g = groups.computeIfAbsent(notifier, k -> new Group());
    g.events.removeIf(older -> overtakes(event, older));
    g.events.add(event);
    grouping = groups.values().stream().mapToInt(x -> x.events.size()).sum();
    if (g.timer < 0) {
      Route route = routes.get(notifier);
      boolean groups = route == null || route.notifier().groups();
      long wait = groups ? Math.max(1, groupWait.toMillis()) : 1;
      g.timer = vertx.setTimer(wait, id -> flush(notifier));
    }
  }

  /**
   * Whether {@code newer} makes {@code older} stale news: an update or reminder of the same
   * incident that a later event of it overtook. Firing and resolved are never stale.
   */
  static boolean overtakes(AlertEvent newer, AlertEvent older) {
    return (older.kind() == AlertEvent.Kind.UPDATED || older.kind() == AlertEvent.Kind.REMINDER)
        && older.target().equals(newer.target())
        && older.incident().equals(newer.incident())
        && !newer.at().isBefore(older.at());
  }

  private Future<Void> flush(String notifier) {
    Group g = groups.remove(notifier);
    if (g == null || g.events.isEmpty()) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(g.timer);
    grouping -= g.events.size();
    Notification n = Notification.of(notifier, clock.instant(), g.events);
    Promise<Void> done = Promise.promise();
    // The alert states behind these events go to disk first (or fail to): then a restart that
    // follows the delivery knows it was announced. Back on this context either way.
    statesDurable.get().onComplete(ar -> context.runOnContext(v -> add(n).onComplete(done)));
    return done.future();
  }

  /** A new notification joins its notifier's queue, folding older news of the same incidents. */
  private Future<Void> add(Notification n) {
    Deque<Pending> q = queue(n.notifier());
    for (Pending p : new ArrayList<>(q)) {
      if (!p.sending) {
        fold(q, p, n.events());
      }
    }
    Pending added = new Pending(n, false);
    q.addLast(added);
    count();
    return store(added).onComplete(r -> next(n.notifier()));
  }

  private void fold(Deque<Pending> q, Pending p, List<AlertEvent> newer) {
    List<AlertEvent> kept = new ArrayList<>(p.n.events());
    if (!kept.removeIf(old -> newer.stream().anyMatch(e -> overtakes(e, old)))) {
      return;
    }
    if (kept.isEmpty()) {
      q.remove(p);
      cancelRetry(p);
      meters.notification(p.n.notifier(), "superseded");
      listener.outcome(p.n, "superseded", clock.instant(), null);
      LOG.info(
          "notification {} to \"{}\" is superseded by newer news of {}; not sent",
          p.n.id(),
          p.n.notifier(),
          Messages.targetList(p.n));
      if (p.stored) {
        removeStored(p);
      }
      return;
    }
    p.n = new Notification(p.n.id(), p.n.notifier(), p.n.createdAt(), kept, p.n.test());
    if (p.stored) {
      p.stored = false; // the stored copy is stale now: store the folded one in its place
      store(p);
    }
  }

  private Deque<Pending> queue(String notifier) {
    return queues.computeIfAbsent(notifier, k -> new ArrayDeque<>());
  }

  /**
   * Stores a notification; a failure keeps it in memory, to be stored again at the next attempt.
   */
  private Future<Void> store(Pending p) {
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

  /** Starts the head of a notifier's queue unless it is already under way or waiting to retry. */
  private void next(String notifier) {
    Deque<Pending> q = queues.get(notifier);
    if (q == null || stopping) {
      return;
    }
    Pending head = q.peekFirst();
    if (head == null || head.sending || head.retryTimer >= 0) {
      return;
    }
    attempt(head, q);
  }

  private void attempt(Pending p, Deque<Pending> q) {
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
    store(p);
    if (p.failures > 0) {
      meters.notification(n.notifier(), "retried");
    }
    p.sending = true;
    sending++;
    withTimeout(route, n)
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

  private void attemptTest(Pending t) {
    Route route = routes.get(t.n.notifier());
    if (route == null || stopping) {
      return;
    }
    store(t);
    sending++;
    withTimeout(route, t.n)
        .onComplete(
            ar -> {
              sending--;
              if (ar.succeeded()) {
                tests.remove(t);
                delivered(t, t.n);
              } else {
                t.failures++;
                meters.notification(t.n.notifier(), "failed");
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

  private Future<Void> withTimeout(Route route, Notification n) {
    Promise<Void> p = Promise.promise();
    long ms = route.delivery().attemptTimeout().toMillis();
    long timer =
        vertx.setTimer(
            ms,
            id ->
                p.tryFail(
                    new DeliveryException(
                        "no answer within "
                            + dev.lookout.config.Durations.human(
                                route.delivery().attemptTimeout()))));
    Future<Void> sent;
    try {
      sent = route.notifier().send(n);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    sent.onComplete(
        r -> {
          vertx.cancelTimer(timer);
          if (r.succeeded()) {
            p.tryComplete();
          } else {
            p.tryFail(r.cause());
          }
        });
    return p.future();
  }

  private void delivered(Pending p, Notification n) {
    p.delivered = true;
    count();
    meters.notification(n.notifier(), "sent");
    listener.outcome(n, "sent", clock.instant(), null);
    for (AlertEvent e : n.events()) {
      if (e.kind() == AlertEvent.Kind.FIRING && e.failingSince() != null) {
        meters.firingDelivered(Duration.between(e.failingSince(), clock.instant()));
      }
    }
    if (p.stored) {
      removeStored(p);
    }
  }

  private void removeStored(Pending p) {
    p.stored = false;
    outbox
        .remove(p.n.id())
        .onFailure(
            e -> LOG.error("outbox: cannot remove notification {}: {}", p.n.id(), e.toString()));
  }

  private void failed(Pending p, Deque<Pending> q, Route route, Throwable e) {
    Notification n = p.n;
    p.failures++;
    meters.notification(n.notifier(), "failed");
    listener.outcome(
        n,
        "failed",
        clock.instant(),
        e instanceof DeliveryException ? e.getMessage() : e.getClass().getSimpleName());
    Duration retryAfter = e instanceof DeliveryException d ? d.retryAfter() : null;
    Duration wait = backoff.delay(p.failures, retryAfter, random);
    Instant deadline = n.createdAt().plus(route.delivery().giveUpAfter());
    Instant next = clock.instant().plus(wait);
    if (next.isAfter(deadline)) {
      // Try once more at the deadline rather than waiting past it, then give up.
      wait = Duration.between(clock.instant(), deadline).plusMillis(1);
      if (wait.isNegative()) {
        wait = Duration.ofMillis(1);
      }
    }
    // DeliveryException messages already name the notifier and the host, never a URL.
    LOG.warn(
        "notification {} to \"{}\", attempt {}: {}; retrying in {}{}",
        n.id(),
        n.notifier(),
        p.failures,
        e instanceof DeliveryException ? e.getMessage() : e.getClass().getSimpleName(),
        dev.lookout.config.Durations.human(wait),
        q.size() > 1 ? " (" + (q.size() - 1) + " more waiting behind it)" : "");
    p.retryTimer = vertx.setTimer(Math.max(1, wait.toMillis()), t -> attempt(p, q));
  }

  private void cancelRetry(Pending p) {
    if (p.retryTimer >= 0) {
      vertx.cancelTimer(p.retryTimer);
      p.retryTimer = -1;
    }
  }

  private void expire(Pending p) {
    Notification n = p.n;
    count();
    meters.notification(n.notifier(), "expired");
    listener.outcome(n, "expired", clock.instant(), null);
    LOG.error(
        "notifier \"{}\": giving up on notification {} ({} for {}) after {} attempts since {}; it is DROPPED",
        n.notifier(),
        n.id(),
        n.events().isEmpty() ? "test" : n.events().get(0).kind(),
        Messages.targetList(n),
        p.failures,
        n.createdAt());
    if (p.stored) {
      removeStored(p);
    }
  }

  /** At stop: one more try to store what the disk refused so far, or say by id what is lost. */
  private Future<Void> keepForNextRun(Pending p) {
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

  /**
   * Sends what is still being grouped now rather than after its group wait, gives deliveries in
   * progress up to {@link #STOP_GRACE} to finish, then stops retrying. Whatever is not confirmed by
   * then stays in the outbox and is delivered by the next run; what the disk still refuses is
   * logged by id.
   */
  @Override
  public Future<?> stop() {
    List<Future<Void>> stored = new ArrayList<>();
    for (String notifier : new ArrayList<>(groups.keySet())) {
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
              for (Deque<Pending> q : queues.values()) {
                for (Pending p : q) {
                  cancelRetry(p);
                  kept.add(keepForNextRun(p));
                }
              }
              for (Pending t : tests) {
                cancelRetry(t);
                kept.add(keepForNextRun(t));
              }
              return Future.join(kept);
            });
  }
}
