package dev.lookout.check.heartbeat;

import dev.lookout.evaluate.Finding;
import java.time.Instant;
import java.util.List;

/**
 * The judgement of a heartbeat target at one moment.
 *
 * @param status pending until the first deadline of a target that never pinged; then up or down
 * @param findings the failed expectations, in words (empty unless down)
 * @param nextDeadline when the next ping is due by (grace included), for the status page; {@link
 *     Instant#MAX} when the schedule never fires again
 */
public record HeartbeatJudgement(Status status, List<Finding> findings, Instant nextDeadline) {
  public HeartbeatJudgement {
    findings = List.copyOf(findings);
  }

  public boolean healthy() {
    return findings.isEmpty();
  }

  public enum Status {
    /** Never pinged and its first deadline has not passed: not failing, not known good. */
    PENDING,
    UP,
    DOWN
  }
}
