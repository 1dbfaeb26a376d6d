package dev.lookout.check.flow;

import dev.lookout.check.flow.FlowObservation.Outcome;
import dev.lookout.check.flow.FlowObservation.Step;
import dev.lookout.config.Durations;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdict of one flow run: the failed step first, named with its place and what came before it
 * ({@code step 2 of 3 "add-to-cart": status 401, expected 201 (after "login" answered 200 in 212
 * ms)}), then any failed cleanup step, then the flow's own latency rules.
 */
final class FlowEvaluator {
  private FlowEvaluator() {}

  static List<Finding> evaluate(
      FlowCheck.Expect e, FlowObservation o, ProbeResult r, Quantiles q, Duration window) {
    List<Finding> out = steps(o);
    if (!r.answered()) {
      return out;
    }
    if (e.latencyBelow() != null && r.seconds() >= seconds(e.latencyBelow())) {
      out.add(
          new Finding(
              "latency_below",
              "flow took "
                  + Durations.humanSeconds(r.seconds())
                  + ", expected below "
                  + Durations.human(e.latencyBelow())));
    }
    quantile("p95_below", "p95", e.p95Below(), q.p95(), q, window, out);
    quantile("p99_below", "p99", e.p99Below(), q.p99(), q, window, out);
    return out;
  }

  /** One finding per failed step, in order. */
  static List<Finding> steps(FlowObservation o) {
    List<Finding> out = new ArrayList<>();
    List<Step> steps = o.steps();
    Step lastPassed = null;
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      if (s.outcome() == Outcome.PASSED) {
        lastPassed = s;
      } else if (s.outcome() == Outcome.FAILED || out.isEmpty() && isTimeout(s)) {
        out.add(new Finding("step", place(i, steps.size(), s) + after(lastPassed)));
      }
    }
    return out;
  }

  /** A step skipped because the flow's time ran out fails the flow, even with none failed. */
  private static boolean isTimeout(Step s) {
    return s.outcome() == Outcome.SKIPPED && s.problems().get(0).contains("timeout");
  }

  private static String place(int i, int n, Step s) {
    return "step "
        + (i + 1)
        + " of "
        + n
        + " \""
        + s.name()
        + "\": "
        + String.join("; ", s.problems());
  }

  private static String after(Step passed) {
    return passed == null
        ? ""
        : " (after \""
            + passed.name()
            + "\" answered "
            + passed.status()
            + " in "
            + Durations.humanSeconds(passed.seconds())
            + ")";
  }

  private static void quantile(
      String key,
      String label,
      Duration below,
      double value,
      Quantiles q,
      Duration window,
      List<Finding> out) {
    if (below == null || q.count() == 0 || value < seconds(below)) {
      return;
    }
    out.add(
        new Finding(
            key,
            label
                + " "
                + Durations.humanSeconds(value)
                + " over last "
                + Durations.human(window)
                + " ("
                + q.count()
                + " samples), expected below "
                + Durations.human(below)));
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
