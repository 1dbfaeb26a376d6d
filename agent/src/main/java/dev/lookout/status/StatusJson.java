package dev.lookout.status;

import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyTrail;
import dev.lookout.runtime.TargetDetail;
import dev.lookout.runtime.TargetStatus;
import dev.lookout.status.StatusView.AgentInfo;
import dev.lookout.status.StatusView.Summary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * {@code /api/status}: every target's state, findings, latency (with the samples behind the page's
 * sparkline) and check-type detail. Built only from {@link TargetStatus} snapshots, which hold no
 * URL, header or credential, so nothing secret can reach it.
 */
public final class StatusJson {
  private StatusJson() {}

  public static JsonObject of(List<TargetStatus> statuses, AgentInfo agent) {
    JsonArray targets = new JsonArray();
    for (TargetStatus s : statuses) {
      targets.add(target(s));
    }
    JsonObject labels = new JsonObject();
    agent.labels().forEach(labels::put);
    return new JsonObject()
        .put(
            "agent",
            new JsonObject()
                .put("labels", labels)
                .put("shard", agent.shard())
                .put("version", agent.version())
                .put("ready", agent.ready()))
        .put("summary", summary(StatusView.summarize(statuses)))
        .put("targets", targets);
  }

  private static JsonObject summary(Summary s) {
    JsonObject alerts = new JsonObject();
    s.alerts().forEach(alerts::put);
    return new JsonObject()
        .put("targets", s.total())
        .put("healthy", s.healthy())
        .put("failing", s.failing())
        .put("waiting", s.waiting())
        .put("alerts", alerts);
  }

  private static JsonObject target(TargetStatus s) {
    JsonObject latency = new JsonObject().put("samples", s.latency().count());
    if (s.latency().count() > 0) {
      latency
          .put("p50_seconds", s.latency().p50())
          .put("p95_seconds", s.latency().p95())
          .put("p99_seconds", s.latency().p99());
    }
    LatencyTrail trail = s.trail();
    JsonArray recent = new JsonArray();
    for (int i = 0; i < trail.size(); i++) {
      recent.add(trail.seconds(i));
    }
    latency.put("recent_seconds", recent);
    JsonArray findings = new JsonArray();
    for (Finding f : s.findings()) {
      findings.add(
          new JsonObject().put("expectation", f.expectation()).put("message", f.message()));
    }
    return new JsonObject()
        .put("name", s.name())
        .put("type", s.type())
        .put("state", StatusView.state(s))
        .put("healthy", s.probed() ? s.healthy() : null)
        .put("last_probe_at", text(s.lastProbeAt()))
        .put(
            "last_duration_seconds",
            Double.isNaN(s.lastDurationSeconds()) ? null : s.lastDurationSeconds())
        .put("last_error", s.lastError())
        .put("findings", findings)
        .put("latency", latency)
        .put("failing_since", text(s.failingSince()))
        .put("state_since", text(s.stateSince()))
        .put("detail", detail(s.detail()));
  }

  private static JsonObject detail(TargetDetail d) {
    JsonObject out = new JsonObject().put("facts", new JsonArray(d.facts()));
    if (d.certDaysLeft() != null) {
      out.put("cert_days_left", d.certDaysLeft());
    }
    if (!d.dnsDiff().isEmpty()) {
      out.put("dns_diff", new JsonArray(d.dnsDiff()));
    }
    if (d.queueDepth() != null) {
      out.put("queue_depth", d.queueDepth());
    }
    if (d.queueGrowthPerMinute() != null) {
      out.put("queue_growth_per_minute", d.queueGrowthPerMinute());
    }
    return out;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
