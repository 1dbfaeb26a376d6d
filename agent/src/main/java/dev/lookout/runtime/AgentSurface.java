package dev.lookout.runtime;

import dev.lookout.config.StatusAuth;
import dev.lookout.incident.Incidents;
import dev.lookout.metrics.LookoutMetrics;
import dev.lookout.status.IncidentView;
import dev.lookout.status.TargetStatus;
import dev.lookout.status.UptimeView;
import dev.lookout.web.StatusSource;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** What the HTTP surface may read of a running {@link Agent}: any thread. */
final class AgentSurface implements StatusSource {
  private final Agent agent;

  AgentSurface(Agent agent) {
    this.agent = agent;
  }

  @Override
  public Future<List<TargetStatus>> snapshots() {
    return agent.lanes().snapshots();
  }

  @Override
  public Map<String, UptimeView> uptimes() {
    return agent.shownUptimes();
  }

  @Override
  public boolean started() {
    return agent.ready();
  }

  @Override
  public SortedMap<String, String> notReadyReasons() {
    return agent.readiness().reasons();
  }

  @Override
  public String scrapeContentType(String accept) {
    return LookoutMetrics.contentType(accept);
  }

  @Override
  public void scrape(String accept, OutputStream out) throws IOException {
    agent.metrics().scrape(accept, out);
  }

  @Override
  public String version() {
    return agent.version();
  }

  @Override
  public Map<String, String> labels() {
    return agent.config().agent().labels();
  }

  @Override
  public String shard() {
    return agent.config().agent().shard().toString();
  }

  @Override
  public StatusAuth auth() {
    return agent.config().agent().auth();
  }

  @Override
  public Future<List<IncidentView>> incidents() {
    Incidents incidents = agent.deployedIncidents();
    if (incidents == null) {
      return Future.succeededFuture(List.of());
    }
    java.time.Instant now = agent.clock().instant();
    return incidents
        .list(i -> true)
        .map(
            list ->
                list.stream()
                    .limit(20)
                    .map(
                        i ->
                            new IncidentView(
                                i.id(),
                                i.target(),
                                i.firedAt(),
                                i.resolvedAt(),
                                i.duration(now),
                                i.ack() == null ? null : Incidents.ackText(i.ack()),
                                i.notes().size()))
                    .toList());
  }
}
