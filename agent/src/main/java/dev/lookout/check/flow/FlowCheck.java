package dev.lookout.check.flow;

import dev.lookout.config.CheckSpec;
import java.time.Duration;
import java.util.List;

/**
 * The {@code flow:} block: requests run in order as one check (log in, call the API, check out),
 * values carried from one step to the next, and one verdict for the whole.
 *
 * @param expect the whole flow's latency rules (the target's {@code expect:} block)
 */
public record FlowCheck(List<FlowStep> steps, Expect expect) implements CheckSpec {

  public FlowCheck {
    steps = List.copyOf(steps);
  }

  @Override
  public String type() {
    return "flow";
  }

  @Override
  public boolean judgesWindow() {
    return expect.p95Below() != null || expect.p99Below() != null;
  }

  /** The target's {@code expect:} block: the flow's total time; null fields are not checked. */
  public record Expect(Duration latencyBelow, Duration p95Below, Duration p99Below) {}
}
