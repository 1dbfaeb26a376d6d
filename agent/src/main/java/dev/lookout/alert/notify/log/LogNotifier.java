package dev.lookout.alert.notify.log;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.Messages;
import dev.lookout.alert.Notification;
import dev.lookout.alert.Notifier;
import io.vertx.core.Future;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes alerts to the agent's log: the default, so a fresh agent is useful before any setup. */
public final class LogNotifier implements Notifier {
  private static final Logger LOG = LoggerFactory.getLogger("lookout.alerts");
  private final String name;

  public LogNotifier(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  /** A log line per event costs nothing: the console says what broke at once. */
  @Override
  public boolean groups() {
    return false;
  }

  @Override
  public Future<Void> send(Notification n) {
    for (AlertEvent e : n.events()) {
      String line =
          Messages.headline(e)
              + (e.findings().isEmpty() ? "" : ": " + String.join("; ", Messages.findings(e)));
      if (e.kind() == AlertEvent.Kind.RESOLVED || e.kind() == AlertEvent.Kind.ACKNOWLEDGED) {
        LOG.info("{} (notification {})", line, n.id());
      } else {
        LOG.warn("{} (notification {})", line, n.id());
      }
    }
    if (n.test()) {
      LOG.info("{}", Messages.plainText(n, Map.of()).strip());
    }
    return Future.succeededFuture();
  }
}
