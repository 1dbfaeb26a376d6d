package dev.lookout.alert;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;

/** What every notifier may be built with: the Vert.x instance, the agent's labels, a clock. */
public record NotifierContext(Vertx vertx, Map<String, String> agentLabels, Clock clock) {
  public NotifierContext {
    agentLabels = Map.copyOf(agentLabels);
  }

  public static NotifierContext of(Vertx vertx, Map<String, String> agentLabels) {
    return new NotifierContext(vertx, agentLabels, Clock.systemUTC());
  }
}
