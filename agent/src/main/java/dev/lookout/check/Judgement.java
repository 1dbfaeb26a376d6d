package dev.lookout.check;

import dev.lookout.evaluate.Finding;
import dev.lookout.evaluate.Verdict;
import dev.lookout.probe.ProbeResult;
import dev.lookout.status.TargetDetail;
import java.util.List;

/**
 * A check type's judgement of one probe result: the failed expectations, and what the status page
 * and {@code /api/status} show. Computed once per result by {@link TargetCheck#judge}; everything
 * downstream reads it and nothing re-derives it from the observation.
 */
public record Judgement(Verdict verdict, TargetDetail detail) {

  public Judgement(List<Finding> findings, TargetDetail detail) {
    this(findings.isEmpty() ? Verdict.HEALTHY : new Verdict(findings), detail);
  }

  /** The judgement of a probe that got no answer: unreachable, whatever the type. */
  public static Judgement unanswered(ProbeResult result, TargetDetail detail) {
    return new Judgement(List.of(new Finding("reachable", result.failure())), detail);
  }

  public List<Finding> findings() {
    return verdict.findings();
  }

  public boolean healthy() {
    return verdict.healthy();
  }
}
