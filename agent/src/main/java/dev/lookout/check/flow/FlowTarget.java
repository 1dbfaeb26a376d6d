package dev.lookout.check.flow;

import dev.lookout.check.Gauges;
import dev.lookout.check.Judgement;
import dev.lookout.check.TargetCheck;
import dev.lookout.check.flow.FlowObservation.Outcome;
import dev.lookout.check.flow.FlowObservation.Step;
import dev.lookout.config.Durations;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.status.TargetDetail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One flow target: its verdict, the steps of the last run for the status page, its step gauges. */
final class FlowTarget implements TargetCheck<FlowObservation> {
  private final FlowCheck spec;
  private final Duration window;

  /** Replaced as a whole, so a scrape never sees the steps of two runs mixed. */
  private volatile List<Step> last = List.of();

  FlowTarget(FlowCheck spec, Duration window) {
    this.spec = spec;
    this.window = window;
  }

  @Override
  public Judgement judge(
      ProbeResult result, FlowObservation o, Quantiles q, Instant now, long nanos) {
    if (o == null) {
      last = List.of();
      return Judgement.unanswered(result, TargetDetail.EMPTY);
    }
    last = o.steps();
    TargetDetail detail = detail(o);
    List<Finding> findings = FlowEvaluator.evaluate(spec.expect(), o, result, q, window);
    if (!result.answered() && findings.isEmpty()) {
      return Judgement.unanswered(result, detail);
    }
    return new Judgement(findings, detail);
  }

  /** One line per step: {@code 1 login: 200 in 212 ms}, also as {@code flow_steps} in the API. */
  static TargetDetail detail(FlowObservation o) {
    List<String> lines = new ArrayList<>();
    int n = 1;
    for (Step s : o.steps()) {
      lines.add(n++ + " " + s.name() + (s.always() ? " (always)" : "") + ": " + result(s));
    }
    return new TargetDetail(lines, List.of(TargetDetail.Field.of("flow_steps", lines)));
  }

  private static String result(Step s) {
    String took = " in " + Durations.humanSeconds(s.seconds());
    return switch (s.outcome()) {
      case PASSED -> s.status() + took;
      case FAILED ->
          "failed"
              + (s.answered() ? " with " + s.status() : "")
              + took
              + ": "
              + s.problems().get(0);
      case SKIPPED -> s.problems().get(0);
    };
  }

  @Override
  public void gauges(Gauges out) {
    List<Step> steps = last;
    for (FlowStep configured : spec.steps()) {
      Step s = find(steps, configured.name());
      boolean ran = s != null && s.outcome() != Outcome.SKIPPED;
      out.gauge(
          "lookout_flow_step_duration_seconds",
          "How long each step of the last flow run took (NaN: not run)",
          ran ? s.seconds() : Double.NaN,
          "step",
          configured.name());
      out.gauge(
          "lookout_flow_step_success",
          "1 if the step passed in the last flow run (0: failed or not run)",
          s == null ? Double.NaN : s.outcome() == Outcome.PASSED ? 1 : 0,
          "step",
          configured.name());
    }
  }

  private static Step find(List<Step> steps, String name) {
    for (Step s : steps) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }
}
