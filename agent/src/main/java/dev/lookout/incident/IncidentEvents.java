package dev.lookout.incident;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.Messages;
import dev.lookout.evaluate.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert events the incident desk makes itself, never the state machine: {@code ESCALATED},
 * {@code ACKNOWLEDGED}, the news of an acknowledged incident carrying who acknowledged it, and the
 * {@code FIRING} that holds an incident's news again after a restart. An incident known only from
 * its log speaks with its last findings, marked {@code restored}.
 */
final class IncidentEvents {
  private IncidentEvents() {}

  /** Tells whoever heard of the incident that someone acknowledged it. */
  static AlertEvent acknowledged(Incident inc, Incident.Ack ack, Instant now, AlertEvent last) {
    return new AlertEvent(
        AlertEvent.Kind.ACKNOWLEDGED,
        inc.target(),
        inc.severity(),
        List.of(new Finding(Messages.ACKNOWLEDGED, Incidents.ackText(ack))),
        inc.startedAt(),
        inc.firedAt(),
        now,
        last == null ? 0 : last.sequence());
  }

  /** An escalation step: the latest news of the incident, or what its log last said. */
  static AlertEvent escalated(Incident inc, Instant now, AlertEvent last) {
    return new AlertEvent(
        AlertEvent.Kind.ESCALATED,
        inc.target(),
        inc.severity(),
        last != null ? last.findings() : restoredFindings(inc),
        inc.startedAt(),
        inc.firedAt(),
        now,
        last == null ? 0 : last.sequence());
  }

  /** After a restart: the firing that was held for a route's hours, from the log. */
  static AlertEvent heldAgain(Incident inc, Instant now) {
    return new AlertEvent(
        AlertEvent.Kind.FIRING,
        inc.target(),
        inc.severity(),
        restoredFindings(inc),
        inc.startedAt(),
        inc.firedAt(),
        now,
        1);
  }

  /** An event of an acknowledged incident, saying who acknowledged it. */
  static AlertEvent withAck(AlertEvent e, Incident.Ack ack) {
    List<Finding> findings = new ArrayList<>(e.findings());
    findings.add(new Finding(Messages.ACKNOWLEDGED, Incidents.ackText(ack)));
    return new AlertEvent(
        e.kind(),
        e.target(),
        e.severity(),
        findings,
        e.failingSince(),
        e.firedAt(),
        e.at(),
        e.sequence());
  }

  private static List<Finding> restoredFindings(Incident inc) {
    return inc.findings().isEmpty()
        ? List.of()
        : inc.findings().get(inc.findings().size() - 1).findings().stream()
            .map(f -> new Finding("restored", f))
            .toList();
  }
}
