package dev.lookout.check.flow;

import dev.lookout.probe.Observation;
import java.util.List;

/**
 * What one run of a flow saw: every step in order, run or not. Problems are already worded and
 * redacted (an extracted value reads {@code {{name}}}), since nothing downstream may see the
 * values.
 */
public record FlowObservation(List<Step> steps) implements Observation {

  public FlowObservation {
    steps = List.copyOf(steps);
  }

  /** How a step of the run ended. */
  public enum Outcome {
    PASSED,
    FAILED,
    /** Not run: an earlier step failed (and this one is not {@code always}), or time ran out. */
    SKIPPED
  }

  /**
   * One step of the run.
   *
   * @param status the final response's status, 0 when none came
   * @param seconds how long the step took (0 when skipped)
   * @param problems why it failed (or, for a skipped step, why it did not run), redacted
   * @param answered whether a response came (a failed step may have one: a wrong status)
   */
  public record Step(
      String name,
      boolean always,
      Outcome outcome,
      int status,
      double seconds,
      List<String> problems,
      boolean answered) {

    public Step {
      problems = List.copyOf(problems);
    }
  }
}
