package dev.lookout.alert;

import dev.lookout.config.AlertPolicy;
import dev.lookout.evaluate.Finding;
import dev.lookout.evaluate.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One target's alert: {@code ok → pending → firing → ok}. It fires after {@code after} failing
 * verdicts in a row and resolves after {@code resolve_after} passing ones in a row, so a single
 * blip neither pages nor un-pages anyone.
 *
 * <p>What the target <em>is</em> (the state) is kept apart from what people have been <em>told</em>
 * ({@code announced}): a silence holds the telling, never the state, so when a silence ends the
 * machine tells whatever is true then — a still-firing alert fires, an incident that came and went
 * inside the window says nothing. Pure: time is passed in, nothing here does I/O.
 */
public final class AlertStateMachine {
  /** Where the alert stands. */
  public enum State {
    OK,
    PENDING,
    FIRING
  }

  private final String target;
  private Map<String, String> labels;
  private AlertPolicy policy;
  private State state = State.OK;
  private int failures;
  private int passes;
  private Instant failingSince;
  private Instant firedAt;
  private Instant lastNotified;
  private boolean announced;
  private int sequence;
  private Set<String> announcedExpectations = Set.of();
  private List<Finding> findings = List.of();

  public AlertStateMachine(String target, Map<String, String> labels, AlertPolicy policy) {
    this.target = target;
    this.labels = Map.copyOf(labels);
    this.policy = policy;
  }

  public AlertStateMachine(String target, AlertPolicy policy) {
    this(target, Map.of(), policy);
  }

  public void policy(AlertPolicy policy) {
    this.policy = policy;
  }

  /** The target's labels changed (a reload): silences match on the new ones. */
  public void labels(Map<String, String> labels) {
    this.labels = Map.copyOf(labels);
  }

  public State state() {
    return state;
  }

  public Instant failingSince() {
    return failingSince;
  }

  /** Whether people have been told of the current incident (and so must be told it ended). */
  public boolean announced() {
    return announced;
  }

  /** True while a silence holds this target's notifications. */
  public boolean silenced(Instant now) {
    return policy.silences().stream().anyMatch(s -> s.matches(target, labels) && s.activeAt(now));
  }

  /** Feeds one verdict; returns the notification this step calls for, if any. */
  public Optional<AlertEvent> observe(Verdict verdict, Instant now) {
    if (verdict.healthy()) {
      pass();
    } else {
      fail(verdict.findings(), now);
    }
    if (silenced(now)) {
      return Optional.empty();
    }
    return announce(!verdict.healthy(), now);
  }

  private void fail(List<Finding> found, Instant now) {
    passes = 0;
    // Counted up to the threshold only: beyond it the count changes nothing, and a count that kept
    // growing would make every failing probe of a long outage a state change worth persisting.
    if (failures < policy.after()) {
      failures++;
    }
    findings = found;
    if (failingSince == null) {
      failingSince = now;
    }
    if (state != State.FIRING) {
      if (failures >= policy.after()) {
        state = State.FIRING;
        firedAt = now;
      } else {
        state = State.PENDING;
      }
    }
  }

  private void pass() {
    failures = 0;
    if (state == State.PENDING) {
      state = State.OK;
      if (!announced) {
        failingSince = null;
      }
    } else if (state == State.FIRING && ++passes >= policy.resolveAfter()) {
      state = State.OK;
      passes = 0;
      if (!announced) {
        // Came and went inside a silence: nobody was told it started, so nobody is told it ended.
        failingSince = null;
        firedAt = null;
      }
    }
  }

  private Optional<AlertEvent> announce(boolean failingNow, Instant now) {
    if (state == State.FIRING) {
      Set<String> expectations = expectations(findings);
      if (!announced) {
        announced = true;
        lastNotified = now;
        announcedExpectations = expectations;
        return Optional.of(event(AlertEvent.Kind.FIRING, now));
      }
      if (failingNow && !expectations.equals(announcedExpectations)) {
        // What fails changed (say, status → body as well): same incident, new facts.
        lastNotified = now;
        announcedExpectations = expectations;
        return Optional.of(event(AlertEvent.Kind.UPDATED, now));
      }
      if (policy.repeat() != null && !now.isBefore(lastNotified.plus(policy.repeat()))) {
        lastNotified = now;
        return Optional.of(event(AlertEvent.Kind.REMINDER, now));
      }
      return Optional.empty();
    }
    if (state == State.OK && announced) {
      AlertEvent resolved = event(AlertEvent.Kind.RESOLVED, now);
      announced = false;
      sequence = 0;
      announcedExpectations = Set.of();
      failingSince = null;
      firedAt = null;
      lastNotified = null;
      return Optional.of(resolved);
    }
    return Optional.empty();
  }

  /**
   * The target left the config: an alert people were told about resolves, saying why, so nobody is
   * left with an incident that never ends. Anything not announced ends silently.
   */
  public Optional<AlertEvent> retire(Instant now) {
    if (!announced) {
      return Optional.empty();
    }
    findings = List.of(new Finding(REMOVED, "the target was removed from the config"));
    state = State.OK;
    failures = 0;
    passes = 0;
    return announce(false, now);
  }

  /** The expectation name of the finding a retired target resolves with. */
  public static final String REMOVED = "removed";

  private static Set<String> expectations(List<Finding> findings) {
    Set<String> out = new TreeSet<>();
    findings.forEach(f -> out.add(f.expectation()));
    return out;
  }

  private AlertEvent event(AlertEvent.Kind kind, Instant now) {
    sequence = kind == AlertEvent.Kind.FIRING ? 1 : sequence + 1;
    return new AlertEvent(
        kind,
        target,
        policy.severity(),
        findings,
        failingSince,
        firedAt == null ? now : firedAt,
        now,
        sequence);
  }

  /** What a restart needs to carry on without re-announcing or forgetting an incident. */
  public Snapshot snapshot() {
    return new Snapshot(
        state, failures, failingSince, firedAt, lastNotified, announced, findings, sequence);
  }

  /** Carries on from a persisted snapshot (taken by a previous run of the agent). */
  public void restore(Snapshot s) {
    state = s.state();
    failures = s.failures();
    passes = 0;
    failingSince = s.failingSince();
    firedAt = s.firedAt();
    lastNotified = s.lastNotified();
    announced = s.announced();
    sequence = announced ? Math.max(1, s.sequence()) : 0;
    findings = s.findings();
    announcedExpectations = announced ? expectations(findings) : Set.of();
  }

  /** The persistent part of the machine. */
  public record Snapshot(
      State state,
      int failures,
      Instant failingSince,
      Instant firedAt,
      Instant lastNotified,
      boolean announced,
      List<Finding> findings,
      int sequence) {
    public Snapshot {
      findings = List.copyOf(findings);
    }

    /** Worth keeping across a restart: anything but a quiet, healthy target. */
    public boolean interesting() {
      return state != State.OK || announced;
    }

    /**
     * Whether persisting this snapshot in place of {@code before} would change what a restart does.
     * The findings' wording alone does not (a latency figure in a message changes every probe);
     * which expectations fail does, since that decides whether an update is announced.
     */
    public boolean differsFrom(Snapshot before) {
      return before == null
          || state != before.state
          || failures != before.failures
          || announced != before.announced
          || sequence != before.sequence
          || !java.util.Objects.equals(failingSince, before.failingSince)
          || !java.util.Objects.equals(firedAt, before.firedAt)
          || !java.util.Objects.equals(lastNotified, before.lastNotified)
          || !expectations(findings).equals(expectations(before.findings));
    }
  }
}
