package dev.lookout.alert.notify.slack;

import dev.lookout.config.NotifierConfig;
import java.net.URI;

/** A Slack incoming webhook; the URL is the secret. */
public record SlackConfig(String name, URI webhookUrl, Delivery delivery)
    implements NotifierConfig {
  @Override
  public String type() {
    return SlackType.KEY;
  }

  @Override
  public String toString() {
    return "Slack[" + name + " → " + webhookUrl.getHost() + "]";
  }
}
