package dev.lookout.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code agent:} block: where the agent listens, keeps state, and how it labels itself.
 *
 * @param auth who may read {@code /}, {@code /api/status} and {@code /metrics}; null when anyone
 *     may
 */
public record AgentSettings(
    HostPort listen,
    Path stateDir,
    Map<String, String> labels,
    Shard shard,
    int maxInFlight,
    StatusAuth auth) {

  public static final HostPort DEFAULT_LISTEN = new HostPort("0.0.0.0", 9464);

  public AgentSettings {
    labels = Map.copyOf(labels);
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max_in_flight must be at least 1");
    }
  }

  /** The same settings for another shard (the {@code --shard} flag). */
  public AgentSettings withShard(Shard other) {
    return new AgentSettings(listen, stateDir, labels, other, maxInFlight, auth);
  }
}
