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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets alert events to people, at least once: groups the events for each notifier that arise within
 * {@code group_wait} into one notification, stores it in the {@link Outbox} before the first
 * attempt, retries with {@link Backoff} (honouring {@code Retry-After}) under a per-attempt
 * timeout, and removes it only once the notifier confirmed it. A notification older than {@code
 * give_up_after} is dropped loudly. Runs on its own event loop context, so a slow or dead receiver
 * never touches the lanes that probe.
 */
public final class Dispatcher extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Outbox outbox;
  private final NotificationMeters meters;
  private final Backoff backoff;
  private final Clock clock;
  private final Random random = new Random();
  private volatile Map<String, Route> routes;
  private final Map<String, Group> groups = new HashMap<>();
  private final Map<String, Long> retryTimers = new HashMap<>();
  private boolean stopping;

  /** A notifier and how hard to try delivering to it. */
  public record Route(Notifier notifier, NotifierConfig.Delivery delivery) {}

  private static final class Group {
    final List<AlertEvent> events = new ArrayList<>();
    long timer = -1;
  }

  public Dispatcher(
      Outbox outbox,
      Map<String, Route> routes,
      NotificationMeters meters,
      Backoff backoff,
      Clock clock) {
    this.outbox = outbox;
    this.routes = Map.copyOf(routes);
    this.meters = meters;
    this.backoff = backoff;
    this.clock = clock;
  }

  /**
   * Swaps the notifiers after a reload; pending notifications for removed ones are kept on disk.
   */
  public void routes(Map<String, Route> next) {
    this.routes = Map.copyOf(next);
  }

  @Override
  public Future<?> start() {
    meters.outboxPending(outbox::pending);
    // The first JSON use loads and initialises Jackson, which takes hundreds of milliseconds on a
    // cold JVM: do it on a worker rather than on this loop.
    return vertx
        .executeBlocking(
            () -> NotificationJson.encode(Notification.of("warm-up", clock.instant(), List.of())),
            false)
        .compose(v -> outbox.load())
        .map(
            stored -> {
              stored.forEach(this::resume);
              return null;
            });
  }

  private void resume(String fileId, Buffer data) {
    Notification n;
    try {
      n = NotificationJson.decode(data);
    } catch (RuntimeException e) {
      outbox.quarantine(fileId);
      return;
    }
    LOG.info("outbox: resuming delivery of notification {} to \"{}\"", n.id(), n.notifier());
    attempt(n, 0);
  }

  /** Queues an event for a notifier; callable from any thread, returns at once. */
  public void submit(String notifier, AlertEvent event, Duration groupWait) {
    context.runOnContext(v -> enqueue(notifier, event, groupWait));
  }

  /** Sends one notification now (no grouping), e.g. {@code lookout test-alert}. */
  public Future<Void> sendNow(Notification n) {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> store(n).onComplete(p));
    return p.future();
  }

  /** How long a stopping dispatcher waits for deliveries already under way. */
  static final Duration STOP_GRACE = Duration.ofSeconds(3);

  /** Deliveries under way: a stop waits for them (up to {@link #STOP_GRACE}). */
  private int sending;

  private void enqueue(String notifier, AlertEvent event, Duration groupWait) {
    if (stopping) {
      // Too late to send, not too late to keep: the next run delivers it.
      Notification n = Notification.of(notifier, clock.instant(), List.of(event));
      outbox.put(n.id(), NotificationJson.encode(n));
      return;
    }
    Group g = groups.computeIfAbsent(notifier, k -> new Group());
    g.events.add(event);
    if (g.timer < 0) {
      long wait = Math.max(1, groupWait.toMillis());
      g.timer = vertx.setTimer(wait, id -> flush(notifier));
    }
  }

  private Future<Void> flush(String notifier) {
    Group g = groups.remove(notifier);
    if (g == null || g.events.isEmpty()) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(g.timer);
    return store(Notification.of(notifier, clock.instant(), g.events));
  }

  private Future<Void> store(Notification n) {
    return outbox
        .put(n.id(), NotificationJson.encode(n))
        .onSuccess(v -> attempt(n, 0))
        .onFailure(
            e ->
                LOG.error(
                    "outbox: cannot store notification {} for \"{}\" ({}); trying to deliver it anyway",
                    n.id(),
                    n.notifier(),
                    e.toString()))
        .recover(
            e -> {
              attempt(n, 0);
              return Future.succeededFuture();
            });
  }

  private void attempt(Notification n, int failures) {
    retryTimers.remove(n.id());
    if (stopping) {
      return;
    }
    Route route = routes.get(n.notifier());
    Duration giveUp =
        route == null
            ? NotifierConfig.Delivery.DEFAULT.giveUpAfter()
            : route.delivery().giveUpAfter();
    Instant now = clock.instant();
    if (now.isAfter(n.createdAt().plus(giveUp))) {
      expire(n, failures);
      return;
    }
    if (route == null) {
      LOG.warn(
          "notifier \"{}\" is not configured any more; keeping notification {} in the outbox",
          n.notifier(),
          n.id());
      return;
    }
    if (failures > 0) {
      meters.notification(n.notifier(), "retried");
    }
    sending++;
    withTimeout(route, n)
        .onComplete(ar -> sending--)
        .onSuccess(v -> delivered(n))
        .onFailure(e -> failed(n, route, failures + 1, e));
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

  private void delivered(Notification n) {
    meters.notification(n.notifier(), "sent");
    for (AlertEvent e : n.events()) {
      if (e.kind() == AlertEvent.Kind.FIRING && e.failingSince() != null) {
        meters.firingDelivered(Duration.between(e.failingSince(), clock.instant()));
      }
    }
    outbox
        .remove(n.id())
        .onFailure(e -> LOG.error("outbox: cannot remove delivered {}: {}", n.id(), e.toString()));
  }

  private void failed(Notification n, Route route, int failures, Throwable e) {
    meters.notification(n.notifier(), "failed");
    Duration retryAfter = e instanceof DeliveryException d ? d.retryAfter() : null;
    Duration wait = backoff.delay(failures, retryAfter, random);
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
        "notification {} to \"{}\", attempt {}: {}; retrying in {}",
        n.id(),
        n.notifier(),
        failures,
        e instanceof DeliveryException ? e.getMessage() : e.getClass().getSimpleName(),
        dev.lookout.config.Durations.human(wait));
    long id = vertx.setTimer(Math.max(1, wait.toMillis()), t -> attempt(n, failures));
    retryTimers.put(n.id(), id);
  }

  private void expire(Notification n, int failures) {
    meters.notification(n.notifier(), "expired");
    LOG.error(
        "notifier \"{}\": giving up on notification {} ({} for {}) after {} attempts since {}; it is DROPPED",
        n.notifier(),
        n.id(),
        n.events().isEmpty() ? "test" : n.events().get(0).kind(),
        targets(n),
        failures,
        n.createdAt());
    outbox.remove(n.id());
  }

  private static String targets(Notification n) {
    Map<String, Boolean> seen = new LinkedHashMap<>();
    n.events().forEach(e -> seen.put(e.target(), true));
    return String.join(", ", seen.keySet());
  }

  /**
   * Sends what is still being grouped now rather than after its group wait, gives deliveries in
   * progress up to {@link #STOP_GRACE} to finish, then stops retrying. Whatever is not confirmed by
   * then stays in the outbox and is delivered by the next run: nothing in memory is lost.
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
        .onComplete(
            v -> {
              stopping = true;
              retryTimers.values().forEach(vertx::cancelTimer);
              retryTimers.clear();
            });
  }
}
