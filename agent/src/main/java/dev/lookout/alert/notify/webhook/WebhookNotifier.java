package dev.lookout.alert.notify.webhook;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.AlertLinks;
import dev.lookout.alert.Messages;
import dev.lookout.alert.Notification;
import dev.lookout.alert.NotificationJson;
import dev.lookout.alert.notify.HttpNotifier;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the notification as JSON (schema {@code lookout.notification/v1}, documented in the
 * README). With {@code hmac_secret}, {@code X-Lookout-Signature: sha256=<hex>} is the HMAC-SHA256
 * of {@code <X-Lookout-Timestamp>.<body>}: a receiver that checks it and rejects stale timestamps
 * refuses both forgeries and replays. The timestamp is taken per attempt.
 */
public final class WebhookNotifier extends HttpNotifier<WebhookConfig> {
  public static final String SCHEMA = "lookout.notification/v1";

  private final Map<String, String> agentLabels;
  private final Clock clock;
  private final AlertLinks links;

  public WebhookNotifier(
      Vertx vertx, WebhookConfig config, Map<String, String> agentLabels, Clock clock) {
    this(vertx, config, agentLabels, clock, AlertLinks.none());
  }

  public WebhookNotifier(
      Vertx vertx,
      WebhookConfig config,
      Map<String, String> agentLabels,
      Clock clock,
      AlertLinks links) {
    super(vertx, "webhook", config);
    this.agentLabels = Map.copyOf(agentLabels);
    this.clock = clock;
    this.links = links;
  }

  @Override
  protected List<URI> urls() {
    return List.of(config.url());
  }

  @Override
  protected Buffer render(Notification n) {
    return payload(n, agentLabels, links).toBuffer();
  }

  /** The timestamp is taken per attempt, after rendering, and signed with the body. */
  @Override
  protected MultiMap headers(Notification n, Buffer body) {
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    MultiMap headers =
        MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", "application/json; charset=utf-8")
            .add("X-Lookout-Notification-Id", n.id())
            .add("X-Lookout-Timestamp", timestamp);
    if (config.hmacSecret() != null && !config.hmacSecret().isEmpty()) {
      headers.add("X-Lookout-Signature", "sha256=" + sign(config.hmacSecret(), timestamp, body));
    }
    return headers;
  }

  /** HMAC-SHA256 over {@code timestamp + "." + body}, hex encoded. */
  public static String sign(String secret, String timestamp, Buffer body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }

  static JsonObject payload(Notification n, Map<String, String> agentLabels) {
    return payload(n, agentLabels, AlertLinks.none());
  }

  /** {@code ack_url} per alert that still wants someone, {@code status_url} once; null when off. */
  static JsonObject payload(Notification n, Map<String, String> agentLabels, AlertLinks links) {
    JsonArray alerts = new JsonArray();
    for (AlertEvent e : n.events()) {
      alerts.add(
          new JsonObject()
              .put("status", e.kind().name().toLowerCase(Locale.ROOT))
              .put("target", e.target())
              .put("severity", e.severity())
              .put("incident", e.incident())
              .put("sequence", e.sequence())
              .put("failing_since", str(e.failingSince()))
              .put("fired_at", str(e.firedAt()))
              .put("at", str(e.at()))
              .put(
                  "duration_seconds",
                  e.failingSince() == null
                      ? null
                      : Duration.between(e.failingSince(), e.at()).toSeconds())
              .put("findings", NotificationJson.findings(e.findings()))
              .put("ack_url", links.ack(e)));
    }
    return new JsonObject()
        .put("schema", SCHEMA)
        .put("id", n.id())
        .put("notifier", n.notifier())
        .put("test", n.test())
        .put("created_at", n.createdAt().toString())
        .put("summary", Messages.subject(n))
        .put("status_url", links.status())
        .put(
            "agent",
            new JsonObject()
                .put(
                    "labels",
                    new JsonObject(new java.util.LinkedHashMap<String, Object>(agentLabels))))
        .put("alerts", alerts);
  }

  private static String str(java.time.Instant i) {
    return i == null ? null : i.toString();
  }
}
