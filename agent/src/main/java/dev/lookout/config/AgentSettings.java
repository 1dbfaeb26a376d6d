package dev.lookout.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code agent:} block: where the agent listens, keeps state, and how it labels itself.
 *
 * @param auth who may read {@code /}, {@code /api/status} and {@code /metrics}; null when anyone
 *     may
 * @param publicUrl where people reach this agent ({@code agent.public_url}), the base of links in
 *     notifications; null when not set
 * @param ackSecret signs acknowledgement links ({@code agent.ack_secret}, a secret); null when
 *     notifications carry none
 * @param startGrid the grid planned starts are moved to ({@code agent.start_grid}; zero: none)
 */
public record AgentSettings(
    HostPort listen,
    Path stateDir,
    Map<String, String> labels,
    Shard shard,
    int maxInFlight,
    StatusAuth auth,
    java.net.URI publicUrl,
    String ackSecret,
    java.time.Duration startGrid) {

  public static final HostPort DEFAULT_LISTEN = new HostPort("0.0.0.0", 9464);

  /**
   * {@code agent.start_grid} when not set: starts due within a tenth of a second start together. A
   * coarser grid saves more CPU, but the probes of one grid line then wait for each other's set-up
   * and reads, which shows in the latency they measure (README, "Scheduling").
   */
  public static final java.time.Duration DEFAULT_START_GRID = java.time.Duration.ofMillis(100);

  public AgentSettings {
    labels = Map.copyOf(labels);
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max_in_flight must be at least 1");
    }
  }

  public AgentSettings(
      HostPort listen,
      Path stateDir,
      Map<String, String> labels,
      Shard shard,
      int maxInFlight,
      StatusAuth auth) {
    this(listen, stateDir, labels, shard, maxInFlight, auth, null, null, DEFAULT_START_GRID);
  }

  /** The same settings for another shard (the {@code --shard} flag). */
  public AgentSettings withShard(Shard other) {
    return new AgentSettings(
        listen, stateDir, labels, other, maxInFlight, auth, publicUrl, ackSecret, startGrid);
  }

  /** Never prints the ack secret: records print every field by default. */
  @Override
  public String toString() {
    return "AgentSettings[listen="
        + listen
        + ", stateDir="
        + stateDir
        + ", labels="
        + labels
        + ", shard="
        + shard
        + ", maxInFlight="
        + maxInFlight
        + ", auth="
        + auth
        + ", publicUrl="
        + publicUrl
        + ", ackSecret="
        + (ackSecret == null ? "none" : "(secret)")
        + ", startGrid="
        + startGrid
        + "]";
  }
}
