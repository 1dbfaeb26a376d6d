package dev.lookout.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code alert.routes}: which alerts it takes ({@code match}: labels of the target, or
 * {@code severity} and {@code target} of the alert; empty takes every alert), when ({@code hours};
 * null: always), who hears first ({@code notify}) and who next when nobody acknowledges ({@code
 * escalate}, steps at increasing times after the first notification). Outside its hours a route
 * either does not match (the next route may) or, with {@code hold}, keeps the alerts until the
 * hours begin and delivers them then, grouped.
 */
public record AlertRoute(
    Map<String, String> match,
    BusinessHours hours,
    List<String> notifiers,
    List<Escalation> escalate,
    boolean hold) {

  public AlertRoute {
    match = Map.copyOf(match);
    notifiers = List.copyOf(notifiers);
    escalate = List.copyOf(escalate);
    if (hold && hours == null) {
      throw new IllegalArgumentException("outside_hours: hold needs hours");
    }
    for (int i = 1; i < escalate.size(); i++) {
      if (escalate.get(i).after().compareTo(escalate.get(i - 1).after()) <= 0) {
        throw new IllegalArgumentException("escalate steps must come at increasing times");
      }
    }
  }

  /**
   * Whether the route takes an alert of this target, severity and labels; the alert's own {@code
   * severity} and {@code target} come before a target label of the same name.
   */
  public boolean matches(String target, String severity, Map<String, String> labels) {
    for (Map.Entry<String, String> e : match.entrySet()) {
      String actual =
          switch (e.getKey()) {
            case "severity" -> severity;
            case "target" -> target;
            default -> labels.get(e.getKey());
          };
      if (!e.getValue().equals(actual)) {
        return false;
      }
    }
    return true;
  }

  /** Every notifier the route may tell, first and on escalation. */
  public List<String> allNotifiers() {
    List<String> out = new java.util.ArrayList<>(notifiers);
    escalate.forEach(s -> s.notifiers().stream().filter(n -> !out.contains(n)).forEach(out::add));
    return out;
  }

  /** Who hears of a still unacknowledged incident {@code after} its first notification. */
  public record Escalation(Duration after, List<String> notifiers) {
    public Escalation {
      notifiers = List.copyOf(notifiers);
      if (after.isNegative() || after.isZero()) {
        throw new IllegalArgumentException("an escalation step needs a positive \"after\"");
      }
    }
  }
}
