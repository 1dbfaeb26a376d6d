package dev.lookout.alert.notify;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.Messages;
import dev.lookout.alert.Notification;
import dev.lookout.alert.NotificationJson;
import dev.lookout.alert.Notifier;
import dev.lookout.config.NotifierConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
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
public final class WebhookNotifier implements Notifier {
  public static final String SCHEMA = "lookout.notification/v1";

  private final Vertx vertx;
  private final NotifierConfig.Webhook config;
  private final Map<String, String> agentLabels;
  private final HttpPost http;
  private final Clock clock;

  public WebhookNotifier(
      Vertx vertx, NotifierConfig.Webhook config, Map<String, String> agentLabels, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.agentLabels = Map.copyOf(agentLabels);
    this.clock = clock;
    this.http = new HttpPost(vertx, "webhook", config.name(), config.delivery().attemptTimeout());
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public Future<Void> send(Notification n) {
    // A storm's payload lists thousands of events: rendered on a worker, not the dispatcher's loop.
    return vertx
        .executeBlocking(() -> payload(n, agentLabels).toBuffer(), false)
        .compose(body -> post(n, body));
  }

  private Future<Void> post(Notification n, Buffer body) {
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    MultiMap headers =
        MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", "application/json; charset=utf-8")
            .add("X-Lookout-Notification-Id", n.id())
            .add("X-Lookout-Timestamp", timestamp);
    if (config.hmacSecret() != null && !config.hmacSecret().isEmpty()) {
      headers.add("X-Lookout-Signature", "sha256=" + sign(config.hmacSecret(), timestamp, body));
    }
    return http.post(config.url(), headers, body, config.delivery().attemptTimeout());
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
              .put("findings", NotificationJson.findings(e.findings())));
    }
    return new JsonObject()
        .put("schema", SCHEMA)
        .put("id", n.id())
        .put("notifier", n.notifier())
        .put("test", n.test())
        .put("created_at", n.createdAt().toString())
        .put("summary", Messages.subject(n))
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

  @Override
  public Future<Void> close() {
    http.close();
    return Future.succeededFuture();
  }
}
