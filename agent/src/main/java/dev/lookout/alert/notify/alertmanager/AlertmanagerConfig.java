package dev.lookout.alert.notify.alertmanager;

import dev.lookout.config.NotifierConfig;
import java.net.URI;
import java.util.List;

/** Prometheus Alertmanager API v2; every URL gets every alert (an HA cluster deduplicates). */
public record AlertmanagerConfig(String name, List<URI> urls, Delivery delivery)
    implements NotifierConfig {
  public AlertmanagerConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("an alertmanager notifier needs at least one url");
    }
  }

  @Override
  public String type() {
    return AlertmanagerType.KEY;
  }
}
