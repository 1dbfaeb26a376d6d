package dev.lookout.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Reads the {@code agent:} block: where the agent listens and keeps its state, its labels, auth.
 */
final class AgentParser {
  /** The longest {@code agent.start_grid}: a start moves by at most half of it. */
  private static final Duration MAX_START_GRID = Duration.ofSeconds(1);

  private static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/lookout");

  private final ConfigReader reader;

  AgentParser(ConfigReader reader) {
    this.reader = reader;
  }

  /** The agent's settings; the defaults when the block is absent ({@code m} null). */
  AgentSettings agent(MapReader m) {
    if (m == null) {
      return new AgentSettings(
          AgentSettings.DEFAULT_LISTEN,
          DEFAULT_STATE_DIR,
          Map.of(),
          Shard.ALL,
          1024,
          null,
          null,
          null,
          AgentSettings.DEFAULT_START_GRID);
    }
    HostPort listen =
        m.parsed("listen", AgentSettings.DEFAULT_LISTEN, s -> HostPort.parse(s, 9464));
    Path stateDir = m.parsed("state_dir", DEFAULT_STATE_DIR, reader::resolvePath);
    Map<String, String> labels = labels(m);
    Shard shard = m.parsed("shard", Shard.ALL, Shard::parse);
    int maxInFlight = m.integer("max_in_flight", 1024, 1, 1_000_000);
    Duration startGrid = startGrid(m);
    StatusAuth auth = auth(m.map("auth"));
    URI publicUrl = m.has("public_url") ? m.httpUrl("public_url", true) : null;
    String ackSecret = ackSecret(m, publicUrl);
    m.finish();
    return new AgentSettings(
        listen, stateDir, labels, shard, maxInFlight, auth, publicUrl, ackSecret, startGrid);
  }

  /** {@code agent.labels}, put on every series: each name must be a usable Prometheus label. */
  private Map<String, String> labels(MapReader m) {
    Map<String, String> labels = m.stringMap("labels");
    for (String key : labels.keySet()) {
      if (!key.matches("[a-zA-Z_][a-zA-Z0-9_]*") || key.startsWith("__") || key.equals("target")) {
        reader.error(
            m.node("labels"),
            m.describe("labels") + ": \"" + key + "\" is not a usable Prometheus label name");
      }
    }
    return labels;
  }

  private static Duration startGrid(MapReader m) {
    Duration startGrid = m.duration("start_grid", AgentSettings.DEFAULT_START_GRID);
    if (startGrid != null && (startGrid.isNegative() || startGrid.compareTo(MAX_START_GRID) > 0)) {
      m.error(
          "start_grid",
          m.describe("start_grid")
              + " must be between 0s (every start at its exact time) and "
              + MAX_START_GRID.toMillis()
              + "ms");
      return AgentSettings.DEFAULT_START_GRID;
    }
    return startGrid;
  }

  /** {@code agent.ack_secret}, which signs ack links: they need a public URL to point at. */
  private static String ackSecret(MapReader m, URI publicUrl) {
    String ackSecret = m.secret("ack_secret");
    if (ackSecret != null && publicUrl == null) {
      m.error(
          "ack_secret",
          m.describe("ack_secret")
              + " signs the ack links in notifications, which need agent.public_url: set it"
              + " to the address people reach this agent at");
    }
    if (ackSecret != null && ackSecret.length() < 16) {
      m.error(
          "ack_secret",
          m.describe("ack_secret")
              + " is too short to sign links: use at least 16 characters (openssl rand -hex"
              + " 32)");
    }
    return ackSecret;
  }

  /** {@code agent.auth}: a bearer token, or a username and password, secrets via env or file. */
  private StatusAuth auth(MapReader m) {
    if (m == null) {
      return null;
    }
    String token = m.secret("bearer_token");
    String username = m.string("username");
    String password = m.secret("password");
    m.finish();
    try {
      return new StatusAuth(token, username, password);
    } catch (IllegalArgumentException e) {
      reader.error(m.node(), m.where() + ": " + e.getMessage());
      return null;
    }
  }
}
