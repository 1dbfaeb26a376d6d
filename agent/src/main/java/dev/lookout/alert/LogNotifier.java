package dev.lookout.alert;

import dev.lookout.config.Durations;
import dev.lookout.evaluate.Finding;
import io.vertx.core.Future;
import java.util.stream.Collectors;
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

  @Override
  public Future<Void> send(AlertEvent e) {
    String findings = e.findings().stream().map(Finding::message).collect(Collectors.joining("; "));
    switch (e.kind()) {
      case FIRING ->
          LOG.warn(
              "FIRING {} [{}]: {} (failing since {})",
              e.target(),
              e.severity(),
              findings,
              e.failingSince());
      case REMINDER ->
          LOG.warn(
              "STILL FIRING {} [{}] for {}: {}",
              e.target(),
              e.severity(),
              Durations.human(e.duration()),
              findings);
      case RESOLVED -> LOG.info("RESOLVED {} after {}", e.target(), Durations.human(e.duration()));
    }
    return Future.succeededFuture();
  }
}
