package dev.lookout.report;

import dev.lookout.config.StatusAuth;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a running agent for {@code lookout report --from URL}: {@code /api/status} (every target's
 * judged result), {@code /metrics} (the uptime windows) and, when the agent serves one, {@code
 * /api/incidents}. A one-shot CLI read on the calling thread with the JDK's client (never on an
 * event loop), with the config's {@code agent.auth} credentials when it has any.
 */
public final class AgentSource {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final Pattern UPTIME =
      Pattern.compile("^lookout_uptime_ratio\\{([^}]*)\\}\\s+(\\S+)");

  private final URI base;
  private final StatusAuth auth;
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** {@code base}: the agent's address ({@code http://agent:9464}), any path ignored. */
  public AgentSource(URI base, StatusAuth auth) {
    this.base = base.resolve("/");
    this.auth = auth;
  }

  /** Thrown with a sentence that names the agent and what went wrong. */
  public static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  public ReportInput read() throws Unreadable, InterruptedException {
    String status = get("/api/status", true);
    List<TargetResult> results = new ArrayList<>();
    Map<String, Map<String, Double>> uptime = new LinkedHashMap<>();
    try {
      JsonArray targets = new JsonObject(status).getJsonArray("targets", new JsonArray());
      for (Object t : targets) {
        if (t instanceof JsonObject o) {
          TargetResult r = TargetResult.fromJson(o);
          results.add(r);
          Map<String, Double> windows = windows(o.getValue("uptime"));
          if (!windows.isEmpty()) {
            uptime.put(r.name(), windows);
          }
        }
      }
    } catch (DecodeException | ClassCastException e) {
      throw new Unreadable(
          base
              + "api/status did not answer with the agent's status JSON: is this a Lookout agent?");
    }
    // Older agents have no uptime in /api/status: their /metrics has it.
    String metrics = uptime.isEmpty() ? get("/metrics", false) : null;
    String incidents = get("/api/incidents", false);
    List<Report.HandoverSection.Link> links =
        List.of(
            new Report.HandoverSection.Link("Lookout status page", base.toString()),
            new Report.HandoverSection.Link("Prometheus metrics", base + "metrics"));
    return new ReportInput(
        "the agent at " + base,
        results,
        metrics == null ? uptime : uptime(metrics),
        incidents == null ? null : incidents(incidents),
        links);
  }

  /** The body of a 200, or null when optional and the agent does not answer it. */
  private String get(String path, boolean required) throws Unreadable, InterruptedException {
    URI uri = base.resolve(path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
    if (auth != null && auth.bearerToken() != null) {
      request.header("Authorization", "Bearer " + auth.bearerToken());
    } else if (auth != null) {
      String pair = auth.username() + ":" + auth.password();
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    try {
      HttpResponse<String> r =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() == 200) {
        return r.body();
      }
      if (!required) {
        return null;
      }
      throw new Unreadable(
          uri
              + " answered "
              + r.statusCode()
              + (r.statusCode() == 401 || r.statusCode() == 403
                  ? ": give the agent's credentials in this config's agent.auth"
                  : ""));
    } catch (HttpTimeoutException e) {
      if (!required) {
        return null;
      }
      throw new Unreadable(uri + " did not answer within " + TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      if (!required) {
        return null;
      }
      throw new Unreadable(
          e instanceof ConnectException || e.getCause() instanceof ConnectException
              ? "nothing answers at " + base + " (connection refused): is the agent running?"
              : "cannot read " + uri + ": the connection failed");
    }
  }

  /** {@code "uptime": {"24h": {"ratio": 0.9995, …}, …}} of one {@code /api/status} target. */
  static Map<String, Double> windows(Object uptime) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (uptime instanceof JsonObject u) {
      for (String label : u.fieldNames()) {
        if (u.getValue(label) instanceof JsonObject w && w.getValue("ratio") instanceof Number n) {
          out.put(label, n.doubleValue());
        }
      }
    }
    return out;
  }

  /** {@code lookout_uptime_ratio{target="api",window="24h"} 0.9995} lines, by target and window. */
  static Map<String, Map<String, Double>> uptime(String metrics) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (String line : metrics.split("\n")) {
      Matcher m = UPTIME.matcher(line);
      if (!m.find()) {
        continue;
      }
      Map<String, String> labels = labels(m.group(1));
      String target = labels.get("target");
      String window = labels.get("window");
      if (target == null || window == null) {
        continue;
      }
      double v;
      try {
        v = Double.parseDouble(m.group(2));
      } catch (NumberFormatException e) {
        continue;
      }
      out.computeIfAbsent(target, k -> new LinkedHashMap<>()).put(window, v);
    }
    return out;
  }

  /** Prometheus label pairs; values unescaped ({@code \"}, {@code \\}, {@code \n}). */
  private static Map<String, String> labels(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf('=', i);
      if (eq < 0 || eq + 1 >= text.length() || text.charAt(eq + 1) != '"') {
        break;
      }
      String name = text.substring(i, eq).trim();
      StringBuilder v = new StringBuilder();
      int j = eq + 2;
      for (; j < text.length() && text.charAt(j) != '"'; j++) {
        char c = text.charAt(j);
        if (c == '\\' && j + 1 < text.length()) {
          char n = text.charAt(++j);
          v.append(n == 'n' ? '\n' : n);
        } else {
          v.append(c);
        }
      }
      out.put(name, v.toString());
      i = j + 1;
      while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
        i++;
      }
    }
    return out;
  }

  /**
   * The incident log, whatever its exact shape: a list, or an object with an {@code incidents}
   * list; each entry's target, start, end and summary under their likely names.
   */
  static List<Report.Incident> incidents(String body) {
    List<Report.Incident> out = new ArrayList<>();
    JsonArray list;
    try {
      String t = body.strip();
      list =
          t.startsWith("[")
              ? new JsonArray(t)
              : new JsonObject(t).getJsonArray("incidents", new JsonArray());
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
    for (Object o : list) {
      if (o instanceof JsonObject i) {
        out.add(
            new Report.Incident(
                text(i, "target", "name"),
                text(i, "started_at", "started", "start", "opened_at", "fired_at", "since"),
                text(i, "resolved_at", "ended_at", "ended", "end", "closed_at"),
                summary(i)));
      }
    }
    return out;
  }

  /** A summary under a likely name, else the first finding of the incident's first change. */
  private static String summary(JsonObject i) {
    String s = text(i, "summary", "title", "reason", "message", "cause");
    if (s == null
        && i.getValue("findings") instanceof JsonArray changes
        && !changes.isEmpty()
        && changes.getValue(0) instanceof JsonObject first
        && first.getValue("findings") instanceof JsonArray f
        && !f.isEmpty()) {
      s = String.valueOf(f.getValue(0));
    }
    return s;
  }

  private static String text(JsonObject o, String... keys) {
    for (String k : keys) {
      Object v = o.getValue(k);
      if (v != null) {
        return String.valueOf(v);
      }
    }
    return null;
  }
}
