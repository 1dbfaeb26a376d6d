package dev.lookout.alert.notify.slack;

import dev.lookout.alert.Notifier;
import dev.lookout.alert.NotifierContext;
import dev.lookout.alert.NotifierType;
import dev.lookout.config.NotifierBlock;
import dev.lookout.config.NotifierConfig;
import java.net.URI;

/** {@code type: slack}: {@code webhook_url} (a secret: inline or {@code webhook_url_file}). */
public final class SlackType implements NotifierType<SlackConfig> {
  static final String KEY = "slack";

  @Override
  public String type() {
    return KEY;
  }

  @Override
  public NotifierConfig parse(NotifierBlock block) {
    URI url = block.url("webhook_url", true);
    NotifierConfig.Delivery d = block.delivery();
    return url == null ? null : new SlackConfig(block.name(), url, d);
  }

  @Override
  public Class<SlackConfig> configType() {
    return SlackConfig.class;
  }

  @Override
  public Notifier create(SlackConfig config, NotifierContext context) {
    return new SlackNotifier(context.vertx(), config, context.agentLabels(), context.links());
  }
}
