package dev.lookout.incident;

import dev.lookout.alert.AlertLinks;
import dev.lookout.config.Durations;
import dev.lookout.config.StatusAuth;
import dev.lookout.status.Html;
import dev.lookout.status.StatusAssets;
import dev.lookout.status.StatusAuthCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The incident desk's HTTP surface. {@code /ack/<incident>?sig=…}: a {@code GET} shows a small
 * confirmation page (link previewers and mail scanners fetch links, so a GET never acknowledges), a
 * {@code POST} of its form (optional name and note) acknowledges; the signature is checked on both.
 * Behind {@code agent.auth}: {@code GET /api/incidents} ({@code target}, {@code since} as {@code
 * 7d} or a timestamp, {@code open}), {@code POST /api/incidents/<id>/ack} and {@code POST
 * /api/incidents/<id>/notes} (JSON {@code {"by": …, "note"/"text": …}} or a form).
 */
public final class IncidentApi {
  static final int MAX_BODY = 16 * 1024;

  private final Vertx vertx;
  private final Incidents desk;
  private final AlertLinks links;
  private final Supplier<StatusAuth> auth;
  private final Clock clock;

  public IncidentApi(
      Vertx vertx, Incidents desk, AlertLinks links, Supplier<StatusAuth> auth, Clock clock) {
    this.vertx = vertx;
    this.desk = desk;
    this.links = links;
    this.auth = auth;
    this.clock = clock;
  }

  /** Mounted at {@code /ack/*}. */
  public Router ackRouter() {
    Router r = Router.router(vertx);
    r.get("/*").handler(this::confirm);
    r.post("/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::ackByLink);
    return r;
  }

  /** Mounted at {@code /api/incidents/*}. */
  public Router apiRouter() {
    Router r = Router.router(vertx);
    r.route().handler(new StatusAuthCheck(auth));
    r.post().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    r.get("/*").handler(this::list);
    r.post("/*").handler(this::post);
    return r;
  }

  private String linkIncident(RoutingContext rc) {
    String path = rc.request().path();
    int at = path.indexOf("/ack/");
    return at < 0 ? null : AlertLinks.incident(path.substring(at + 5));
  }

  private void confirm(RoutingContext rc) {
    String id = linkIncident(rc);
    if (!valid(rc, id)) {
      return;
    }
    desk.get(id)
        .onComplete(
            ar -> {
              Incident i = ar.result();
              if (i == null) {
                page(rc, 404, "Unknown incident", "<p>This agent has no record of it.</p>");
                return;
              }
              StringBuilder body = new StringBuilder();
              body.append("<p><b>");
              Html.escape(body, i.target()).append("</b> ");
              body.append(i.open() ? "is failing" : "has recovered")
                  .append(" (fired ")
                  .append(Html.escape(i.firedAt().toString()))
                  .append(").</p>");
              if (i.ack() != null) {
                body.append("<p>");
                Html.escape(body, Incidents.ackText(i.ack())).append(".</p>");
              } else if (i.open()) {
                body.append("<form method=\"post\">")
                    .append(
                        "<p><label>Your name <input name=\"name\" maxlength=\"80\"></label></p>")
                    .append("<p><label>Note <input name=\"note\" maxlength=\"500\"></label></p>")
                    .append("<p><button type=\"submit\">Acknowledge</button></p></form>")
                    .append("<p>Acknowledging stops escalation and reminders, and tells everyone")
                    .append(" who was notified.</p>");
              }
              page(rc, 200, "Acknowledge an incident", body.toString());
            });
  }

  private void ackByLink(RoutingContext rc) {
    String id = linkIncident(rc);
    if (!valid(rc, id)) {
      return;
    }
    String by = rc.request().getFormAttribute("name");
    String note = rc.request().getFormAttribute("note");
    acknowledge(id, by, note)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                rc.fail(ar.cause());
                return;
              }
              Incidents.AckResult result = ar.result();
              String text =
                  switch (result) {
                    case ACKNOWLEDGED -> "Acknowledged. Escalation and reminders stop.";
                    case ALREADY_ACKNOWLEDGED -> "It was acknowledged already; nothing changed.";
                    case ALREADY_RESOLVED -> "It has recovered already; nothing to acknowledge.";
                    case UNKNOWN -> "This agent has no record of this incident.";
                  };
              page(
                  rc,
                  result == Incidents.AckResult.UNKNOWN ? 404 : 200,
                  "Acknowledge an incident",
                  "<p>" + Html.escape(text) + "</p>");
            });
  }

  private Future<Incidents.AckResult> acknowledge(String id, String by, String note) {
    return desk.acknowledge(id, clip(by, 80), clip(note, 500));
  }

  private static String clip(String s, int max) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.length() > max ? t.substring(0, max) : t;
  }

  /** The signature must be this agent's, for this incident, and not expired. */
  private boolean valid(RoutingContext rc, String id) {
    if (id == null || !links.verify(id, rc.request().getParam("sig"), clock.instant())) {
      page(
          rc,
          403,
          "Link not valid",
          "<p>This acknowledgement link is not valid: it was changed, is for another incident, or"
              + " has expired. Acknowledge from a newer notification or the API.</p>");
      return false;
    }
    return true;
  }

  private void list(RoutingContext rc) {
    String target = rc.request().getParam("target");
    String open = rc.request().getParam("open");
    String sinceText = rc.request().getParam("since");
    Instant since;
    try {
      since = since(sinceText, clock.instant());
    } catch (IllegalArgumentException e) {
      json(rc, 400, new JsonObject().put("error", e.getMessage()));
      return;
    }
    Predicate<Incident> filter =
        i ->
            (target == null || i.target().equals(target))
                && (open == null || i.open() == Boolean.parseBoolean(open))
                && (since == null || !i.firedAt().isBefore(since) || i.open());
    desk.list(filter)
        .onSuccess(
            list -> {
              Instant now = clock.instant();
              JsonArray a = new JsonArray();
              list.forEach(i -> a.add(IncidentJson.encode(i, now)));
              json(rc, 200, new JsonObject().put("incidents", a));
            })
        .onFailure(rc::fail);
  }

  /** {@code 7d} (that long ago) or an RFC 3339 timestamp; null when absent. */
  public static Instant since(String text, Instant now) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return now.minus(Durations.parse(text.trim()));
    } catch (IllegalArgumentException e) {
      try {
        return java.time.OffsetDateTime.parse(text.trim()).toInstant();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "since: \"" + text + "\" is neither a duration like 7d nor a timestamp");
      }
    }
  }

  private void post(RoutingContext rc) {
    String path = rc.request().path();
    int base = path.indexOf("/api/incidents/");
    String rest = base < 0 ? "" : path.substring(base + "/api/incidents/".length());
    int slash = rest.lastIndexOf('/');
    if (slash < 1) {
      json(rc, 404, new JsonObject().put("error", "POST /api/incidents/<id>/ack or /notes"));
      return;
    }
    String id = AlertLinks.incident(rest.substring(0, slash));
    String action = rest.substring(slash + 1);
    JsonObject body;
    try {
      body = body(rc);
    } catch (DecodeException e) {
      json(rc, 400, new JsonObject().put("error", "the body is not JSON"));
      return;
    }
    String by = clip(body.getString("by"), 80);
    switch (action) {
      case "ack" ->
          acknowledge(id, by, body.getString("note"))
              .onSuccess(
                  r ->
                      json(
                          rc,
                          r == Incidents.AckResult.UNKNOWN ? 404 : 200,
                          new JsonObject()
                              .put("incident", id)
                              .put("result", r.name().toLowerCase(java.util.Locale.ROOT))));
      case "notes" -> {
        String text = clip(body.getString("text"), 2000);
        if (text == null || text.isEmpty()) {
          json(rc, 400, new JsonObject().put("error", "a note needs \"text\""));
          return;
        }
        desk.note(id, by, text)
            .onSuccess(
                found ->
                    json(
                        rc,
                        found ? 200 : 404,
                        new JsonObject().put("incident", id).put("noted", found)));
      }
      default -> json(rc, 404, new JsonObject().put("error", "unknown action \"" + action + "\""));
    }
  }

  private static JsonObject body(RoutingContext rc) {
    String type = rc.request().getHeader("Content-Type");
    if (type != null && type.startsWith("application/json")) {
      return rc.body().length() == 0 ? new JsonObject() : rc.body().asJsonObject();
    }
    JsonObject o = new JsonObject();
    rc.request().formAttributes().forEach(e -> o.put(e.getKey(), e.getValue()));
    return o;
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  private static void page(RoutingContext rc, int status, String title, String bodyHtml) {
    HttpServerResponse r = StatusAssets.secure(rc.response());
    r.setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer")
        .end(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + Html.escape(title)
                + "</title></head><body><h1>"
                + Html.escape(title)
                + "</h1>"
                + bodyHtml
                + "</body></html>\n");
  }
}
