package dev.lookout.check.flow;

import dev.lookout.check.http.HttpCheck;
import java.time.Duration;
import java.util.List;

/**
 * One step of a flow: an http request with the http check's keys and expectations, whose header
 * values and body may hold {@code {{name}}} templates filled from earlier steps' {@code extract}.
 *
 * @param always runs even when an earlier step failed (cleanup)
 * @param timeout the step's own budget, or null for whatever is left of the flow's
 */
public record FlowStep(
    String name, HttpCheck http, List<Extract> extract, boolean always, Duration timeout) {

  public FlowStep {
    extract = List.copyOf(extract);
  }
}
