package dev.lookout.web;

import dev.lookout.config.StatusAuth;
import dev.lookout.status.TargetStatus;
import dev.lookout.status.UptimeView;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What the HTTP surface reads, and nothing more: target statuses, readiness, a scrape, and the
 * agent's identity. The agent implements it; the server never sees the agent, its lanes or its
 * notifiers. Every method may be called from any event loop and must not block, except {@link
 * #scrape}, which the server calls on a worker thread.
 */
public interface StatusSource {
  /**
   * Every target's latest snapshot, in no particular order and without its uptime: the server
   * orders them and joins {@link #uptimes()} itself ({@link dev.lookout.status.StatusBoard}).
   */
  Future<List<TargetStatus>> snapshots();

  /** Each target's uptime and budgets by name, as last computed (every few seconds). */
  Map<String, UptimeView> uptimes();

  /** False while the agent starts up: {@code /readyz} says {@code starting}. */
  boolean started();

  /** Why the agent is not ready besides starting up, by name (empty: ready). */
  SortedMap<String, String> notReadyReasons();

  /** The content type of a scrape for a request's {@code Accept} header. */
  String scrapeContentType(String accept);

  /** Writes the Prometheus scrape for {@code accept} as it is produced. Blocking. */
  void scrape(String accept, OutputStream out) throws IOException;

  String version();

  /** The agent's labels ({@code agent.labels}). */
  Map<String, String> labels();

  /** The agent's shard ({@code 1/1} when not sharded). */
  String shard();

  /** The page's and API's credentials now, or null when open: read at each request. */
  StatusAuth auth();

  /** Recent incidents, newest first, for the status page; none by default. */
  default Future<List<dev.lookout.status.IncidentView>> incidents() {
    return Future.succeededFuture(List.of());
  }
}
