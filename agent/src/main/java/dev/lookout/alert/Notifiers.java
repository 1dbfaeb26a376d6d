package dev.lookout.alert;

import dev.lookout.config.NotifierConfig;
import io.vertx.core.Vertx;
import java.util.Map;

/** Builds the notifier for a config entry: the one place that knows every notifier type. */
public final class Notifiers {
  private Notifiers() {}

  public static Notifier create(
      Vertx vertx, NotifierConfig config, Map<String, String> agentLabels) {
    if (config instanceof NotifierConfig.Log log) {
      return new LogNotifier(log.name());
    }
    throw new IllegalArgumentException("no notifier for type " + config.type());
  }
}
