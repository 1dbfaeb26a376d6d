package dev.lookout.runtime;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.AlertLinks;
import dev.lookout.alert.AlertStateMachine;
import dev.lookout.alert.Dispatcher;
import dev.lookout.alert.Notifier;
import dev.lookout.alert.NotifierContext;
import dev.lookout.alert.NotifierTypes;
import dev.lookout.config.Config;
import dev.lookout.config.NotifierConfig;
import dev.lookout.config.Target;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running notifiers, one per configured name plus the implicit {@code log}. A reload diffs the
 * configs: an unchanged notifier keeps its instance, so its connections and (for Alertmanager) the
 * alerts it keeps alive survive; a changed one is rebuilt, a removed one closed.
 */
final class NotifierRegistry {
  private final Vertx vertx;
  private final Map<String, Notifier> notifiers = new ConcurrentHashMap<>();
  private final Map<String, NotifierConfig> configs = new HashMap<>();
  private final AlertLinks links;

  NotifierRegistry(Vertx vertx, AlertLinks links) {
    this.vertx = vertx;
    this.links = links;
  }

  /** Whether the named notifier routes alerts itself (Alertmanager): routes and acks skip it. */
  synchronized boolean routesItself(String name) {
    NotifierConfig c = configs.get(name);
    return c != null && NotifierTypes.routesItself(c);
  }

  /** The dispatcher's routes for a config, building and closing notifiers as it changed. */
  synchronized Map<String, Dispatcher.Route> routes(Config next) {
    Map<String, Dispatcher.Route> routes = new HashMap<>();
    Map<String, NotifierConfig> before = new HashMap<>(configs);
    for (NotifierConfig n : NotifierConfig.running(next.notifiers()).values()) {
      Notifier notifier = notifiers.get(n.name());
      if (notifier == null || !n.equals(before.get(n.name()))) {
        if (notifier != null) {
          notifier.close();
        }
        notifier =
            NotifierTypes.create(
                n,
                new NotifierContext(
                    vertx, next.agent().labels(), java.time.Clock.systemUTC(), links));
        notifiers.put(n.name(), notifier);
        configs.put(n.name(), n);
      }
      before.remove(n.name());
      routes.put(n.name(), new Dispatcher.Route(notifier, n.delivery()));
    }
    for (String gone : before.keySet()) {
      configs.remove(gone);
      Notifier n = notifiers.remove(gone);
      if (n != null) {
        n.close();
      }
    }
    return routes;
  }

  /**
   * A previous run announced this alert and it still fires: it is not announced again, but every
   * notifier of the target hears it is still firing (Alertmanager keeps it alive).
   */
  void stillFiring(Target target, AlertStateMachine.Snapshot s, Instant now) {
    if (!s.announced() || s.state() != AlertStateMachine.State.FIRING) {
      return;
    }
    AlertEvent still =
        new AlertEvent(
            AlertEvent.Kind.FIRING,
            target.name(),
            target.alert().severity(),
            s.findings(),
            s.failingSince(),
            s.firedAt(),
            now,
            s.sequence());
    for (String name : target.alert().notifierNames()) {
      Notifier n = notifiers.get(name);
      if (n != null) {
        n.stillFiring(still);
      }
    }
  }

  void closeAll() {
    notifiers.values().forEach(Notifier::close);
  }
}
