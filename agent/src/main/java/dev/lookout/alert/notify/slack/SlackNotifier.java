package dev.lookout.alert.notify.slack;

import dev.lookout.alert.AlertEvent;
import dev.lookout.alert.AlertLinks;
import dev.lookout.alert.Messages;
import dev.lookout.alert.Notification;
import dev.lookout.alert.notify.HttpNotifier;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Posts to a Slack incoming webhook: Block Kit with a plain-text fallback. Everything that came
 * from outside (target names, findings quoting response bodies) is escaped for mrkdwn, so a hostile
 * page can neither ping {@code @channel} nor smuggle in a link.
 */
public final class SlackNotifier extends HttpNotifier<SlackConfig> {
  /** Slack allows 50 blocks per message; leave room for header and context. */
  static final int MAX_SECTIONS = 40;

  /** Ack buttons for the first events only: the 50 blocks must hold the sections too. */
  static final int BUTTONS = 5;

  private final Map<String, String> agentLabels;
  private final AlertLinks links;

  public SlackNotifier(Vertx vertx, SlackConfig config, Map<String, String> agentLabels) {
    this(vertx, config, agentLabels, AlertLinks.none());
  }

  public SlackNotifier(
      Vertx vertx, SlackConfig config, Map<String, String> agentLabels, AlertLinks links) {
    super(vertx, "slack", config);
    this.agentLabels = Map.copyOf(agentLabels);
    this.links = links;
  }

  @Override
  protected List<URI> urls() {
    return List.of(config.webhookUrl());
  }

  @Override
  protected Buffer render(Notification n) {
    return payload(n, agentLabels, links).toBuffer();
  }

  static JsonObject payload(Notification n, Map<String, String> agentLabels) {
    return payload(n, agentLabels, AlertLinks.none());
  }

  /**
   * Each event that still wants someone gets an "Acknowledge" button; the same link is in the
   * plain-text fallback for clients that show no buttons.
   */
  static JsonObject payload(Notification n, Map<String, String> agentLabels, AlertLinks links) {
    JsonArray blocks = new JsonArray();
    blocks.add(
        new JsonObject()
            .put("type", "header")
            .put("text", plain(icon(n) + " " + Messages.subject(n))));
    if (n.test()) {
      blocks.add(
          section("This is a *test notification* from Lookout: this channel will receive alerts."));
    }
    List<AlertEvent> events = n.events();
    for (int i = 0; i < events.size(); i++) {
      if (i == MAX_SECTIONS) {
        blocks.add(section("… and " + (events.size() - MAX_SECTIONS) + " more targets"));
        break;
      }
      blocks.add(section(event(events.get(i))));
      String ack = links.ack(events.get(i));
      if (ack != null && i < BUTTONS) {
        blocks.add(
            new JsonObject()
                .put("type", "actions")
                .put(
                    "elements",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("type", "button")
                                .put("text", plain("Acknowledge"))
                                .put("url", ack))));
      }
    }
    if (links.status() != null) {
      blocks.add(section("<" + links.status() + "|Status page>"));
    }
    if (!agentLabels.isEmpty()) {
      blocks.add(
          new JsonObject()
              .put("type", "context")
              .put(
                  "elements",
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("type", "mrkdwn")
                              .put("text", "agent: " + escape(Messages.labels(agentLabels))))));
    }
    return new JsonObject()
        .put("text", escape(Messages.plainText(n, agentLabels, links)))
        .put("blocks", blocks);
  }

  private static String event(AlertEvent e) {
    StringBuilder sb = new StringBuilder();
    sb.append('*').append(escape(Messages.headline(e))).append('*');
    for (String f : Messages.findings(e)) {
      sb.append("\n• ").append(escape(f));
    }
    String text = sb.toString();
    return text.length() > 2900 ? text.substring(0, 2900) + "…" : text;
  }

  private static String icon(Notification n) {
    if (n.test()) {
      return "🧪";
    }
    return n.firingCount() > 0 ? "🔴" : "✅";
  }

  private static JsonObject section(String mrkdwn) {
    return new JsonObject()
        .put("type", "section")
        .put("text", new JsonObject().put("type", "mrkdwn").put("text", mrkdwn));
  }

  /** Plain text is not parsed for links, but angle brackets and mentions are defused anyway. */
  private static JsonObject plain(String text) {
    String defused =
        text.replace('<', '‹')
            .replace('>', '›')
            .replaceAll("(?i)@(here|channel|everyone)", "@\u200B$1");
    String t = defused.length() > 150 ? defused.substring(0, 149) + "…" : defused;
    return new JsonObject().put("type", "plain_text").put("text", t).put("emoji", true);
  }

  /**
   * Slack's three control characters become entities (so {@code <!channel>} and {@code
   * <http://evil|click>} are shown, not obeyed), and bare mentions get a zero-width space.
   */
  static String escape(String s) {
    String out = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return out.replaceAll("(?i)@(here|channel|everyone)", "@\u200B$1");
  }
}
