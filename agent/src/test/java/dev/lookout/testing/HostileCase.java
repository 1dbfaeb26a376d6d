package dev.lookout.testing;

import io.vertx.core.Vertx;
import java.util.function.Function;

/**
 * One hostile behaviour a target can show, for {@link HostileHarness}: a server started for the
 * case, the target that probes it, and words the failure must contain.
 *
 * @param name what the case is, as the test report shows it
 * @param server starts the hostile server on the test's Vert.x
 * @param target the target's lines as in a config file (without {@code name:}), one key per line,
 *     with {@code PORT} standing for the server's port; {@code timeout: 1s} unless a line sets it
 * @param reason a piece of the reason (or finding) the probe must fail with ({@code PORT} as above)
 */
public record HostileCase(
    String name, Function<Vertx, HostileServers.Server> server, String target, String reason) {
  @Override
  public String toString() {
    return name;
  }
}
