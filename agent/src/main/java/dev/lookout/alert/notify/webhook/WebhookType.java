package dev.lookout.alert.notify.webhook;

import dev.lookout.alert.Notifier;
import dev.lookout.alert.NotifierContext;
import dev.lookout.alert.NotifierType;
import dev.lookout.config.NotifierBlock;
import dev.lookout.config.NotifierConfig;
import java.net.URI;

/** {@code type: webhook}: {@code url} and {@code hmac_secret}, both secrets. */
public final class WebhookType implements NotifierType<WebhookConfig> {
  static final String KEY = "webhook";

  @Override
  public String type() {
    return KEY;
  }

  @Override
  public NotifierConfig parse(NotifierBlock block) {
    URI url = block.url("url", true);
    String secret = block.secret("hmac_secret");
    NotifierConfig.Delivery d = block.delivery();
    return url == null ? null : new WebhookConfig(block.name(), url, secret, d);
  }

  @Override
  public Class<WebhookConfig> configType() {
    return WebhookConfig.class;
  }

  @Override
  public Notifier create(WebhookConfig config, NotifierContext context) {
    return new WebhookNotifier(
        context.vertx(), config, context.agentLabels(), context.clock(), context.links());
  }
}
