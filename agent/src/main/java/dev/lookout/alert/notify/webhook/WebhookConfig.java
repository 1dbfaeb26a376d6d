package dev.lookout.alert.notify.webhook;

import dev.lookout.config.NotifierConfig;
import java.net.URI;

/** A JSON POST to any URL, optionally signed with an HMAC key. */
public record WebhookConfig(String name, URI url, String hmacSecret, Delivery delivery)
    implements NotifierConfig {
  @Override
  public String type() {
    return WebhookType.KEY;
  }

  @Override
  public String toString() {
    return "Webhook[" + name + " → " + url.getHost() + "]";
  }
}
