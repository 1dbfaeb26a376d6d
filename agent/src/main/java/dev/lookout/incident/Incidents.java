package dev.lookout.incident;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.DeliveryListener;
import dev.lookout.alert.Messages;
import dev.lookout.alert.Notification;
import dev.lookout.config.AlertRoute;
import dev.lookout.config.Config;
import dev.lookout.config.Target;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who hears of an alert, and what happens when nobody answers: the agent's incident desk. For each
 * alert event it picks the notifiers ({@link RoutePlan}: the first matching route of {@code
 * alert.routes}, the target's own {@code notify}), holds news for a route outside its hours until
 * they begin (then delivers it grouped), escalates an unacknowledged incident at its route's step
 * times, takes acknowledgements (which stop escalation and reminders and are posted to every
 * notifier that was told), and keeps the {@link IncidentLog}. Destinations that route alerts
 * themselves (Alertmanager) hear every event of their targets as it happens and nothing else.
 *
 * <p>Runs on its own event loop; the step times and hours are read from the injected clock on a
 * quarter-second tick, so the escalation clock is the incident's persisted state, not a timer, and
 * a restart carries on where it stood.
 */
public final class Incidents extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(Incidents.class);
  static final long TICK_MILLIS = 250;
  private static final Duration HELD_GROUP_WAIT = Duration.ofMillis(200);
  private static final DateTimeFormatter HH_MM =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  /** Where events go: the dispatcher's per-notifier queues. */
  @FunctionalInterface
  public interface Outlet {
    void submit(String notifier, AlertEvent event, Duration groupWait);
  }

  private final IncidentLog log;
  private final Outlet outlet;
  private final Clock clock;
  private volatile Config config;
  private volatile Predicate<String> routesItself = n -> false;
  private volatile Map<String, Target> targets = Map.of();
  private final Map<String, AlertEvent> latest = new HashMap<>();
  private final HeldNews held = new HeldNews();
  private long tick = -1;

  /** What an acknowledgement came to. */
  public enum AckResult {
    ACKNOWLEDGED,
    ALREADY_ACKNOWLEDGED,
    ALREADY_RESOLVED,
    UNKNOWN
  }

  public Incidents(IncidentLog log, Outlet outlet, Clock clock, Config config) {
    this.log = log;
    this.outlet = outlet;
    this.clock = clock;
    configure(config, n -> false);
  }

  /** A new config: its routes and targets; {@code routesItself} names the Alertmanager-like. */
  public void configure(Config next, Predicate<String> routesItself) {
    Map<String, Target> byName = new HashMap<>();
    next.targets().forEach(t -> byName.put(t.name(), t));
    this.targets = byName;
    this.config = next;
    this.routesItself = routesItself;
  }

  /** A target by name; a burn alert ({@code api/availability}) belongs to its target. */
  private Target target(String name) {
    Map<String, Target> byName = targets;
    Target t = byName.get(name);
    int slash = name.lastIndexOf('/');
    return t != null || slash < 1 ? t : target(name.substring(0, slash));
  }

  @Override
  public Future<?> start() {
    return log.load()
        .map(
            v -> {
              restoreHolds();
              tick = vertx.setPeriodic(TICK_MILLIS, id -> tick());
              return null;
            });
  }

  @Override
  public Future<?> stop() {
    if (tick >= 0) {
      vertx.cancelTimer(tick);
    }
    return log.close();
  }

  /** Hears how a notification fared: the incident log keeps it per incident. */
  public DeliveryListener listener() {
    return (n, result, at, detail) ->
        context.runOnContext(v -> recordOutcome(n, result, at, detail));
  }

  /** An alert event of a target (callable from any loop; returns at once). */
  public void event(Target target, AlertEvent event) {
    context.runOnContext(v -> handle(target, event));
  }

  /** Acknowledges an incident; {@code by} and {@code note} may be empty. */
  public Future<AckResult> acknowledge(String id, String by, String note) {
    return onLoop(() -> ack(id, by, note));
  }

  /** Adds a note to an incident; false when there is no such incident. */
  public Future<Boolean> note(String id, String by, String text) {
    return onLoop(
        () -> {
          Incident i = log.get(id);
          if (i == null) {
            return false;
          }
          log.put(i.withNote(new Incident.Note(clock.instant(), by, text)));
          log.flush();
          return true;
        });
  }

  /** One incident, or null. */
  public Future<Incident> get(String id) {
    return onLoop(() -> log.get(id));
  }

  /** Incidents passing the filter, newest first. */
  public Future<List<Incident>> list(Predicate<Incident> filter) {
    return onLoop(() -> log.list(filter));
  }

  private void handle(Target t, AlertEvent e) {
    Instant now = clock.instant();
    Duration groupWait = t.alert().groupWait();
    for (String n : t.alert().notifierNames()) {
      if (routesItself.test(n)) {
        outlet.submit(n, e, groupWait);
      }
    }
    Incident inc = log.get(e.incident());
    if (inc == null && e.kind() != AlertEvent.Kind.FIRING) {
      // An incident from before the log knew it (or a burn alert's resolve): as before routes.
      RoutePlan.of(config.routes(), t, e, now, routesItself)
          .now()
          .forEach(n -> outlet.submit(n, e, groupWait));
      return;
    }
    if (inc == null) {
      inc = Incident.opened(e.incident(), e.target(), e.severity(), e.failingSince(), e.firedAt());
    }
    latest.put(inc.id(), e);
    switch (e.kind()) {
      case FIRING -> inc = fire(t, e, inc.withFindings(now, messages(e)), now, groupWait);
      case UPDATED -> inc = followUp(inc.withFindings(now, messages(e)), e, groupWait);
      case REMINDER -> {
        if (inc.ack() == null) {
          inc = followUp(inc, e, groupWait);
        }
      }
      case RESOLVED -> {
        inc =
            followUp(inc, inc.ack() == null ? e : IncidentEvents.withAck(e, inc.ack()), groupWait);
        inc = inc.resolved(now);
        latest.remove(inc.id());
      }
      case ESCALATED, ACKNOWLEDGED -> {
        // Made here, never by the state machine.
      }
    }
    log.put(inc);
  }

  private Incident fire(Target t, AlertEvent e, Incident inc, Instant now, Duration groupWait) {
    RoutePlan plan = RoutePlan.of(config.routes(), t, e, now, routesItself);
    plan.now().forEach(n -> outlet.submit(n, e, groupWait));
    inc = inc.told(plan.now());
    if (!plan.held().isEmpty()) {
      for (String n : plan.held()) {
        held.hold(n, e, plan.until());
      }
      inc = inc.holding(plan.held());
      LOG.info(
          "alert for {} held for {} until their hours begin at {}",
          Messages.oneLine(e.target(), 120),
          String.join(", ", plan.held()),
          Messages.seconds(plan.until()));
    }
    if (plan.route() != null && !plan.route().escalate().isEmpty()) {
      inc = inc.escalation(plan.until() == null ? now : plan.until(), 0);
    }
    return inc;
  }

  /** Later news of an incident goes to whoever was told of it, and joins what is held. */
  private Incident followUp(Incident inc, AlertEvent e, Duration groupWait) {
    for (String n : inc.told()) {
      if (!routesItself.test(n)) {
        outlet.submit(n, e, groupWait);
      }
    }
    held.join(inc.held(), e);
    return inc;
  }

  private AckResult ack(String id, String by, String note) {
    Incident inc = log.get(id);
    if (inc == null) {
      return AckResult.UNKNOWN;
    }
    if (inc.ack() != null) {
      return AckResult.ALREADY_ACKNOWLEDGED;
    }
    if (!inc.open()) {
      return AckResult.ALREADY_RESOLVED;
    }
    Instant now = clock.instant();
    Incident.Ack ack = new Incident.Ack(by, now, note);
    inc = inc.acknowledged(ack);
    AlertEvent acked = IncidentEvents.acknowledged(inc, ack, now, latest.get(id));
    followUp(inc, acked, Duration.ofMillis(1));
    log.put(inc);
    log.flush();
    LOG.info("incident {} {}", Messages.oneLine(id, 160), ackText(ack));
    return AckResult.ACKNOWLEDGED;
  }

  /** {@code acknowledged by Ana at 14:05 UTC: restarting the pool}. */
  public static String ackText(Incident.Ack a) {
    String who = a.by() == null || a.by().isBlank() ? "someone" : Messages.oneLine(a.by(), 80);
    String note =
        a.note() == null || a.note().isBlank() ? "" : ": " + Messages.oneLine(a.note(), 200);
    return "acknowledged by " + who + " at " + HH_MM.format(a.at()) + " UTC" + note;
  }

  private void tick() {
    Instant now = clock.instant();
    for (Map.Entry<String, List<AlertEvent>> due : held.due(now).entrySet()) {
      String notifier = due.getKey();
      LOG.info(
          "hours begin for \"{}\": delivering {} held",
          notifier,
          Messages.count(due.getValue().size(), "alert"));
      for (AlertEvent e : due.getValue()) {
        outlet.submit(notifier, e, HELD_GROUP_WAIT);
        Incident inc = log.get(e.incident());
        if (inc != null) {
          log.put(inc.told(List.of(notifier)));
        }
      }
    }
    for (Incident inc : log.open()) {
      escalate(inc, now);
    }
  }

  private void escalate(Incident inc, Instant now) {
    if (inc.ack() != null || inc.escalationStart() == null) {
      return;
    }
    AlertRoute route = RoutePlan.routeOf(config, inc, this::target);
    if (route == null || inc.escalated() >= route.escalate().size()) {
      return;
    }
    AlertRoute.Escalation step = route.escalate().get(inc.escalated());
    if (now.isBefore(inc.escalationStart().plus(step.after()))) {
      return;
    }
    AlertEvent escalated = IncidentEvents.escalated(inc, now, latest.get(inc.id()));
    step.notifiers().forEach(n -> outlet.submit(n, escalated, Duration.ofMillis(1)));
    LOG.warn(
        "incident {} not acknowledged after {}: escalating to {}",
        Messages.oneLine(inc.id(), 160),
        dev.lookout.config.Durations.human(step.after()),
        String.join(", ", step.notifiers()));
    log.put(inc.told(step.notifiers()).escalation(inc.escalationStart(), inc.escalated() + 1));
    log.flush();
  }

  /** After a restart: news held for a route's hours is held again, from the log. */
  private void restoreHolds() {
    Instant now = clock.instant();
    for (Incident inc : log.open()) {
      if (inc.held().isEmpty()) {
        continue;
      }
      AlertRoute route = RoutePlan.routeOf(config, inc, this::target);
      Instant until = route == null || route.hours() == null ? now : route.hours().nextStart(now);
      AlertEvent again = IncidentEvents.heldAgain(inc, now);
      inc.held().forEach(n -> held.hold(n, again, until));
    }
  }

  private void recordOutcome(Notification n, String result, Instant at, String detail) {
    for (AlertEvent e : n.events()) {
      Incident inc = log.get(e.incident());
      if (inc != null) {
        log.put(
            inc.withSent(
                new Incident.Sent(
                    n.notifier(),
                    at,
                    e.kind().name().toLowerCase(java.util.Locale.ROOT),
                    result,
                    detail)));
      }
    }
  }

  private static List<String> messages(AlertEvent e) {
    return e.findings().stream().map(f -> Messages.oneLine(f.message(), 300)).toList();
  }

  private <T> Future<T> onLoop(Callable<T> work) {
    Promise<T> p = Promise.promise();
    context.runOnContext(
        v -> {
          try {
            p.complete(work.call());
          } catch (Exception e) {
            p.fail(e);
          }
        });
    return p.future();
  }
}
