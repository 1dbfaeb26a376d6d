package dev.lookout.alert.notify.alertmanager;

import dev.lookout.alert.Notifier;
import dev.lookout.alert.NotifierContext;
import dev.lookout.alert.NotifierType;
import dev.lookout.config.NotifierBlock;
import dev.lookout.config.NotifierConfig;
import java.net.URI;
import java.util.List;

/** {@code type: alertmanager}: {@code urls}, the base URLs of the cluster's members. */
public final class AlertmanagerType implements NotifierType<AlertmanagerConfig> {
  static final String KEY = "alertmanager";

  @Override
  public String type() {
    return KEY;
  }

  @Override
  public NotifierConfig parse(NotifierBlock block) {
    List<URI> urls = block.urls("urls", "Alertmanager base URLs");
    NotifierConfig.Delivery d = block.delivery();
    return urls.isEmpty() ? null : new AlertmanagerConfig(block.name(), urls, d);
  }

  @Override
  public Class<AlertmanagerConfig> configType() {
    return AlertmanagerConfig.class;
  }

  @Override
  public Notifier create(AlertmanagerConfig config, NotifierContext context) {
    return new AlertmanagerNotifier(
        context.vertx(),
        config,
        context.agentLabels(),
        context.clock(),
        AlertmanagerNotifier.RESEND);
  }

  /** Alertmanager routes, groups and silences by itself: routes and acks never change its feed. */
  @Override
  public boolean routesItself() {
    return true;
  }
}
