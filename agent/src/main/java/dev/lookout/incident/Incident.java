package dev.lookout.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One incident as the log keeps it: the target, when it started failing, fired, was acknowledged
 * and resolved, the findings as they changed, the notifications sent (notifier, time, result), the
 * notes people added, and where its escalation stands ({@code escalationStart}: when the route's
 * first notifiers were told; {@code escalated}: steps done), so a restart carries on the clock.
 * {@code told}: the notifiers that heard of it (they hear the acknowledgement); {@code held}: those
 * whose news waits for their route's hours.
 */
public record Incident(
    String id,
    String target,
    String severity,
    Instant startedAt,
    Instant firedAt,
    Instant resolvedAt,
    Ack ack,
    List<Change> findings,
    List<Sent> notifications,
    List<Note> notes,
    Instant escalationStart,
    int escalated,
    List<String> told,
    List<String> held) {

  /** Bounds per incident, so a flapping incident cannot grow its line without end. */
  static final int MAX_CHANGES = 50;

  static final int MAX_SENT = 200;
  static final int MAX_NOTES = 100;

  public Incident {
    findings = List.copyOf(findings);
    notifications = List.copyOf(notifications);
    notes = List.copyOf(notes);
    told = List.copyOf(told);
    held = List.copyOf(held);
  }

  public static Incident opened(
      String id, String target, String severity, Instant startedAt, Instant firedAt) {
    return new Incident(
        id, target, severity, startedAt, firedAt, null, null, List.of(), List.of(), List.of(), null,
        0, List.of(), List.of());
  }

  /** Who took it on, when, and what they said (may be empty). */
  public record Ack(String by, Instant at, String note) {}

  /** What failed, as of a moment. */
  public record Change(Instant at, List<String> findings) {
    public Change {
      findings = List.copyOf(findings);
    }
  }

  /** One delivery outcome: {@code sent}, {@code failed}, {@code expired}, {@code superseded}. */
  public record Sent(String notifier, Instant at, String kind, String result, String detail) {}

  /** A note: what was done, what the cause was. */
  public record Note(Instant at, String by, String text) {}

  public boolean open() {
    return resolvedAt == null;
  }

  /** From the first failure to the resolve (or to {@code now} while open). */
  public Duration duration(Instant now) {
    Instant from = startedAt == null ? firedAt : startedAt;
    return Duration.between(from, resolvedAt == null ? now : resolvedAt);
  }

  public Incident resolved(Instant at) {
    return new Incident(
        id,
        target,
        severity,
        startedAt,
        firedAt,
        at,
        ack,
        findings,
        notifications,
        notes,
        escalationStart,
        escalated,
        told,
        List.of());
  }

  public Incident acknowledged(Ack a) {
    return new Incident(
        id,
        target,
        severity,
        startedAt,
        firedAt,
        resolvedAt,
        a,
        findings,
        notifications,
        notes,
        escalationStart,
        escalated,
        told,
        held);
  }

  public Incident withFindings(Instant at, List<String> now) {
    if (!findings.isEmpty() && findings.get(findings.size() - 1).findings().equals(now)) {
      return this;
    }
    return new Incident(
        id,
        target,
        severity,
        startedAt,
        firedAt,
        resolvedAt,
        ack,
        capped(findings, new Change(at, now), MAX_CHANGES),
        notifications,
        notes,
        escalationStart,
        escalated,
        told,
        held);
  }

  public Incident withSent(Sent s) {
    return new Incident(
        id,
        target,
        severity,
        startedAt,
        firedAt,
        resolvedAt,
        ack,
        findings,
        capped(notifications, s, MAX_SENT),
        notes,
        escalationStart,
        escalated,
        told,
        held);
  }

  public Incident withNote(Note n) {
    return new Incident(
        id,
        target,
        severity,
        startedAt,
        firedAt,
        resolvedAt,
        ack,
        findings,
        notifications,
        capped(notes, n, MAX_NOTES),
        escalationStart,
        escalated,
        told,
        held);
  }

  public Incident escalation(Instant start, int steps) {
    return new Incident(
        id,
        target,
        severity,
        startedAt,
        firedAt,
        resolvedAt,
        ack,
        findings,
        notifications,
        notes,
        start,
        steps,
        told,
        held);
  }

  public Incident told(List<String> more) {
    List<String> all = new ArrayList<>(told);
    more.stream().filter(n -> !all.contains(n)).forEach(all::add);
    List<String> stillHeld = new ArrayList<>(held);
    stillHeld.removeAll(more);
    return new Incident(
        id,
        target,
        severity,
        startedAt,
        firedAt,
        resolvedAt,
        ack,
        findings,
        notifications,
        notes,
        escalationStart,
        escalated,
        all,
        stillHeld);
  }

  public Incident holding(List<String> notifiers) {
    List<String> all = new ArrayList<>(held);
    notifiers.stream().filter(n -> !all.contains(n)).forEach(all::add);
    return new Incident(
        id,
        target,
        severity,
        startedAt,
        firedAt,
        resolvedAt,
        ack,
        findings,
        notifications,
        notes,
        escalationStart,
        escalated,
        told,
        all);
  }

  private static <T> List<T> capped(List<T> list, T added, int max) {
    List<T> out = new ArrayList<>(list);
    out.add(added);
    // Keep the first entry (how it began) and the latest ones.
    while (out.size() > max) {
      out.remove(1);
    }
    return out;
  }
}
