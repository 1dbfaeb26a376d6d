package dev.lookout.alert;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;

/**
 * What every notifier may be built with: the Vert.x instance, the agent's labels, a clock, and the
 * links a notification carries (status page, ack links; live across reloads).
 */
public record NotifierContext(
    Vertx vertx, Map<String, String> agentLabels, Clock clock, AlertLinks links) {
  public NotifierContext {
    agentLabels = Map.copyOf(agentLabels);
  }

  public NotifierContext(Vertx vertx, Map<String, String> agentLabels, Clock clock) {
    this(vertx, agentLabels, clock, AlertLinks.none());
  }

  public static NotifierContext of(Vertx vertx, Map<String, String> agentLabels) {
    return new NotifierContext(vertx, agentLabels, Clock.systemUTC());
  }
}
