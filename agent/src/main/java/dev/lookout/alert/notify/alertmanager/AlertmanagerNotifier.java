package dev.lookout.alert.notify.alertmanager;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.Messages;
import dev.lookout.alert.Notification;
import dev.lookout.alert.notify.HttpNotifier;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager API v2: {@code POST /api/v2/alerts} to every URL (an HA cluster deduplicates).
 * Alertmanager forgets an alert whose {@code endsAt} passes, so firing alerts carry an {@code
 * endsAt} a few resend intervals ahead and are re-posted every {@link #RESEND} while they fire; a
 * resolve posts {@code endsAt} = now. Delivery counts as confirmed when at least one member of the
 * cluster accepted it (the members gossip); the others are logged.
 */
public final class AlertmanagerNotifier extends HttpNotifier<AlertmanagerConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerNotifier.class);
  static final String ALERTNAME = "LookoutTargetFailing";

  /** Well inside Alertmanager's default resolve_timeout (5 min). */
  public static final Duration RESEND = Duration.ofMinutes(1);

  private final Map<String, String> agentLabels;
  private final Clock clock;
  private final List<URI> endpoints;
  private final Map<String, AlertEvent> firing = new ConcurrentHashMap<>();
  private final long timer;

  public AlertmanagerNotifier(
      Vertx vertx,
      AlertmanagerConfig config,
      Map<String, String> agentLabels,
      Clock clock,
      Duration resend) {
    super(vertx, "alertmanager", config);
    this.agentLabels = Map.copyOf(agentLabels);
    this.clock = clock;
    this.endpoints = config.urls().stream().map(AlertmanagerNotifier::endpoint).toList();
    this.timer = vertx.setPeriodic(resend.toMillis(), id -> resend(resend));
  }

  /** Keeps an alert that a previous run announced alive in Alertmanager (after a restart). */
  @Override
  public void stillFiring(AlertEvent event) {
    firing.put(event.target(), event);
  }

  @Override
  protected List<URI> urls() {
    return endpoints;
  }

  @Override
  protected MultiMap headers(Notification n, Buffer body) {
    return MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
  }

  @Override
  protected String noneAccepted() {
    return "no Alertmanager accepted the alerts";
  }

  @Override
  protected void sending(Notification n) {
    for (AlertEvent e : stateEvents(n)) {
      if (e.kind() == AlertEvent.Kind.RESOLVED) {
        firing.remove(e.target());
      } else {
        firing.put(e.target(), e);
      }
    }
  }

  @Override
  protected Buffer render(Notification n) {
    Instant now = clock.instant();
    JsonArray alerts = new JsonArray();
    stateEvents(n).forEach(e -> alerts.add(alert(e, now, RESEND.multipliedBy(5))));
    if (n.test()) {
      alerts.add(testAlert(n, now));
    }
    return alerts.toBuffer();
  }

  /**
   * What Alertmanager hears: the alert's states only. Acknowledgements and escalations are the
   * agent's own routing, and Alertmanager routes (and silences) by itself.
   */
  private static List<AlertEvent> stateEvents(Notification n) {
    return n.events().stream()
        .filter(
            e -> e.kind() != AlertEvent.Kind.ACKNOWLEDGED && e.kind() != AlertEvent.Kind.ESCALATED)
        .toList();
  }

  private void resend(Duration resend) {
    if (firing.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    post(
            () -> {
              JsonArray alerts = new JsonArray();
              firing.values().forEach(e -> alerts.add(alert(e, now, resend.multipliedBy(5))));
              return alerts.toBuffer();
            },
            null)
        .onFailure(e -> LOG.warn("re-posting firing alerts failed: {}", e.getMessage()));
  }

  static URI endpoint(URI base) {
    String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
    return base.resolve(path + "/api/v2/alerts");
  }

  JsonObject alert(AlertEvent e, Instant now, Duration keepAlive) {
    JsonObject labels = new JsonObject();
    agentLabels.forEach(labels::put);
    labels.put("alertname", ALERTNAME).put("target", e.target()).put("severity", e.severity());
    Instant starts = e.failingSince() != null ? e.failingSince() : e.at();
    Instant ends = e.kind() == AlertEvent.Kind.RESOLVED ? e.at() : now.plus(keepAlive);
    return new JsonObject()
        .put("labels", labels)
        .put(
            "annotations",
            new JsonObject()
                .put("summary", Messages.oneLine(e.target() + ": " + summary(e), 300))
                .put("findings", String.join("\n", Messages.findings(e)))
                .put("incident", e.incident())
                .put("sequence", Integer.toString(e.sequence())))
        .put("startsAt", starts.toString())
        .put("endsAt", ends.toString());
  }

  private static String summary(AlertEvent e) {
    return e.findings().isEmpty() ? "failing" : e.findings().get(0).message();
  }

  private JsonObject testAlert(Notification n, Instant now) {
    JsonObject labels = new JsonObject();
    agentLabels.forEach(labels::put);
    labels.put("alertname", "LookoutTest").put("severity", "none").put("notification", n.id());
    return new JsonObject()
        .put("labels", labels)
        .put("annotations", new JsonObject().put("summary", "Lookout test notification"))
        .put("startsAt", now.toString())
        .put("endsAt", now.plus(Duration.ofMinutes(5)).toString());
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(timer);
    return super.close();
  }
}
