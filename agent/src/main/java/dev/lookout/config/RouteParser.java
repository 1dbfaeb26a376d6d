package dev.lookout.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the top-level {@code alert:} block ({@code routes:}). A route that can never match (after
 * one that takes every alert at every hour), a notifier that does not exist or routes alerts
 * itself, and escalation steps out of order are errors at their line and column.
 */
final class RouteParser {
  private RouteParser() {}

  static List<AlertRoute> routes(
      ConfigReader reader,
      MapReader alert,
      Map<String, NotifierConfig> notifiers,
      AgentSettings agent) {
    List<AlertRoute> out = new ArrayList<>();
    if (alert == null) {
      return out;
    }
    Node node = alert.node("routes");
    alert.finish();
    if (node == null) {
      return out;
    }
    String catchAll = null;
    int i = 0;
    for (Node item : alert.items(node)) {
      MapReader r = new MapReader(reader, item, "alert.routes[" + i++ + "]");
      if (catchAll != null) {
        r.error(
            r.where()
                + " can never match: "
                + catchAll
                + " takes every alert at every hour (match: {}) and the first matching route"
                + " wins; move this route above it or remove it");
      }
      AlertRoute route = route(reader, r, notifiers);
      if (route != null) {
        out.add(route);
        if (route.match().isEmpty() && (route.hours() == null || route.hold())) {
          catchAll = catchAll == null ? r.where() : catchAll;
        }
      }
    }
    return out;
  }

  private static AlertRoute route(
      ConfigReader reader, MapReader r, Map<String, NotifierConfig> notifiers) {
    int errorsBefore = reader.errors().size();
    if (!r.has("match")) {
      r.error(
          r.where() + " needs \"match\": labels to match, or {} for every alert (write it last)");
    }
    Map<String, String> match = r.stringMap("match");
    BusinessHours hours = hours(r.map("hours"));
    List<String> notify = notifiers(reader, r, "notify", notifiers);
    if (notify.isEmpty() && r.node("notify") == null) {
      r.error(r.where() + " needs \"notify\": the notifiers that hear its alerts first");
    }
    List<AlertRoute.Escalation> escalate = escalate(reader, r, notifiers);
    boolean hold = false;
    if (r.has("outside_hours")) {
      String how = r.string("outside_hours");
      if ("hold".equals(how)) {
        hold = true;
        if (hours == null) {
          r.error(
              "outside_hours",
              r.describe("outside_hours")
                  + ": hold needs \"hours\" (the alerts are held until they begin)");
        }
      } else if (how != null) {
        r.error(
            "outside_hours",
            r.describe("outside_hours")
                + ": \""
                + how
                + "\" is not offered: write hold (delivered, grouped, when the hours begin), or"
                + " leave it out so that alerts outside the hours go on to the next route");
      }
    }
    r.finish();
    if (reader.errors().size() > errorsBefore) {
      return null;
    }
    return new AlertRoute(match, hours, notify, escalate, hold);
  }

  private static BusinessHours hours(MapReader h) {
    if (h == null) {
      return null;
    }
    String days = h.required("days");
    String from = h.required("from");
    String to = h.required("to");
    String zone = h.string("time_zone", "UTC");
    h.finish();
    if (days == null || from == null || to == null) {
      return null;
    }
    try {
      return BusinessHours.of(days, from, to, zone);
    } catch (IllegalArgumentException e) {
      h.error(h.where() + ": " + e.getMessage());
      return null;
    }
  }

  private static List<AlertRoute.Escalation> escalate(
      ConfigReader reader, MapReader r, Map<String, NotifierConfig> notifiers) {
    List<AlertRoute.Escalation> out = new ArrayList<>();
    Node node = r.node("escalate");
    if (node == null) {
      return out;
    }
    int i = 0;
    Duration last = null;
    for (Node item : r.items(node)) {
      MapReader s = new MapReader(reader, item, r.describe("escalate") + "[" + i++ + "]");
      Duration after = s.positiveDuration("after", null);
      if (after == null && !s.has("after")) {
        s.error(s.where() + " needs \"after\": how long after the first notification");
      }
      List<String> notify = notifiers(reader, s, "notify", notifiers);
      if (notify.isEmpty() && s.node("notify") == null) {
        s.error(s.where() + " needs \"notify\": who hears of it next");
      }
      s.finish();
      if (after == null) {
        continue;
      }
      if (last != null && after.compareTo(last) <= 0) {
        s.error(
            "after",
            s.describe("after")
                + ": "
                + Durations.human(after)
                + " is not later than the step before it ("
                + Durations.human(last)
                + "); escalation steps come at increasing times after the first notification");
        continue;
      }
      last = after;
      out.add(new AlertRoute.Escalation(after, notify));
    }
    return out;
  }

  private static List<String> notifiers(
      ConfigReader reader, MapReader m, String key, Map<String, NotifierConfig> notifiers) {
    Node node = m.node(key);
    List<String> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    for (Node item : m.items(node)) {
      String name = reader.text(item, m.describe(key));
      if (name == null) {
        continue;
      }
      if (!NotifierConfig.nameable(notifiers).contains(name)) {
        reader.error(item, unknown(m.describe(key), name, notifiers));
      } else if (notifiers.containsKey(name) && NotifierParser.routesItself(notifiers.get(name))) {
        reader.error(
            item,
            m.describe(key)
                + ": \""
                + name
                + "\" ("
                + notifiers.get(name).type()
                + ") routes alerts itself: name it in a target's alert.notify, where it hears"
                + " every alert as it happens");
      } else {
        out.add(name);
      }
    }
    return out;
  }

  /** "no notifier named …", with the nearest name or the configured ones. */
  static String unknown(String where, String name, Map<String, NotifierConfig> notifiers) {
    String hint = Suggest.nearest(name, notifiers.keySet());
    return where
        + ": no notifier named \""
        + name
        + "\""
        + (hint == null
            ? (notifiers.isEmpty()
                ? " (none are configured)"
                : " (configured: " + String.join(", ", notifiers.keySet()) + ")")
            : " (did you mean \"" + hint + "\"?)");
  }
}
