package dev.lookout.alert;

import dev.lookout.alert.notify.AlertmanagerNotifier;
import dev.lookout.alert.notify.EmailNotifier;
import dev.lookout.alert.notify.SlackNotifier;
import dev.lookout.alert.notify.WebhookNotifier;
import dev.lookout.config.NotifierConfig;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;

/** Builds the notifier for a config entry: the one place that knows every notifier type. */
public final class Notifiers {
  private Notifiers() {}

  public static Notifier create(
      Vertx vertx, NotifierConfig config, Map<String, String> agentLabels) {
    if (config instanceof NotifierConfig.Log log) {
      return new LogNotifier(log.name());
    }
    if (config instanceof NotifierConfig.Slack slack) {
      return new SlackNotifier(vertx, slack, agentLabels);
    }
    if (config instanceof NotifierConfig.Email email) {
      return new EmailNotifier(vertx, email, agentLabels);
    }
    if (config instanceof NotifierConfig.Webhook hook) {
      return new WebhookNotifier(vertx, hook, agentLabels, Clock.systemUTC());
    }
    if (config instanceof NotifierConfig.Alertmanager am) {
      return new AlertmanagerNotifier(
          vertx, am, agentLabels, Clock.systemUTC(), AlertmanagerNotifier.RESEND);
    }
    throw new IllegalArgumentException("no notifier for type " + config.type());
  }
}
