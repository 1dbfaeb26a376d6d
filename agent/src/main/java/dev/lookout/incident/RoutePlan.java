package dev.lookout.incident;

import dev.lookout.alert.AlertEvent;
import dev.lookout.config.AlertRoute;
import dev.lookout.config.Config;
import dev.lookout.config.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Who hears of a firing alert, decided once, purely: the notifiers to tell now, those to tell when
 * their route's hours begin ({@code until}), and the route (for its escalation steps; null when no
 * route matched). The first route whose {@code match} fits and whose hours hold (or that holds
 * outside them) wins; a target's own {@code notify} is told at any hour beside it; with no matching
 * route, the target's {@code notify} (inherited or its own) applies, as without routes.
 * Destinations that route alerts themselves are left out: they hear every event directly.
 */
public record RoutePlan(List<String> now, List<String> held, Instant until, AlertRoute route) {
  public RoutePlan {
    now = List.copyOf(now);
    held = List.copyOf(held);
  }

  public static RoutePlan of(
      List<AlertRoute> routes, Target t, AlertEvent e, Instant at, Predicate<String> routesItself) {
    AlertRoute route = match(routes, e.target(), e.severity(), t.labels(), at);
    List<String> own = t.alert().ownNotify() ? t.alert().notifierNames() : List.of();
    List<String> now = new ArrayList<>();
    List<String> held = new ArrayList<>();
    Instant until = null;
    if (route == null) {
      now.addAll(t.alert().notifierNames());
    } else {
      now.addAll(own);
      boolean inHours = route.hours() == null || route.hours().contains(at);
      for (String n : route.notifiers()) {
        if (now.contains(n) || held.contains(n)) {
          continue;
        }
        (inHours ? now : held).add(n);
      }
      if (!inHours) {
        until = route.hours().nextStart(at);
      }
    }
    now.removeIf(routesItself);
    held.removeIf(routesItself);
    return new RoutePlan(now, held, until, route);
  }

  /** The first route that takes the alert at {@code at}, or null. */
  public static AlertRoute match(
      List<AlertRoute> routes,
      String target,
      String severity,
      Map<String, String> labels,
      Instant at) {
    for (AlertRoute r : routes) {
      if (r.matches(target, severity, labels)
          && (r.hours() == null || r.hold() || r.hours().contains(at))) {
        return r;
      }
    }
    return null;
  }

  /** The route an incident took when it fired, under the config in use (null: none). */
  static AlertRoute routeOf(Config config, Incident inc) {
    return routeOf(config, inc, name -> targetOf(config, name));
  }

  /** The same, finding targets through {@code targets} (a map the desk keeps per config). */
  static AlertRoute routeOf(
      Config config, Incident inc, java.util.function.Function<String, Target> targets) {
    Target t = targets.apply(inc.target());
    Map<String, String> labels = t == null ? Map.of() : t.labels();
    return match(config.routes(), inc.target(), inc.severity(), labels, inc.firedAt());
  }

  /** A target by name; a burn alert ({@code api/availability}) belongs to its target. */
  static Target targetOf(Config config, String name) {
    for (Target t : config.targets()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    int slash = name.lastIndexOf('/');
    return slash > 0 ? targetOf(config, name.substring(0, slash)) : null;
  }
}
