package dev.lookout.config;

/**
 * {@code agent.auth}: who may read the status page, {@code /api/status} and {@code /metrics}.
 * Either a bearer token (for Prometheus and scripts) or a user name and password (basic auth, which
 * a browser can prompt for). Off (null in {@link AgentSettings}) by default: {@code /healthz} and
 * {@code /readyz} stay open either way, so liveness checks need no secret.
 */
public record StatusAuth(String bearerToken, String username, String password) {
  public StatusAuth {
    boolean bearer = bearerToken != null;
    boolean basic = username != null || password != null;
    if (bearer == basic) {
      throw new IllegalArgumentException("give either bearer_token or username and password");
    }
    if (basic && (username == null || password == null || username.contains(":"))) {
      throw new IllegalArgumentException("basic auth needs a username without ':' and a password");
    }
    if ((bearer && bearerToken.isEmpty()) || (basic && password.isEmpty())) {
      throw new IllegalArgumentException("an empty secret would let anyone in");
    }
  }

  public boolean basic() {
    return username != null;
  }

  /** Never prints the secrets: records print every field by default. */
  @Override
  public String toString() {
    return basic() ? "StatusAuth[basic, username=" + username + "]" : "StatusAuth[bearer]";
  }
}
