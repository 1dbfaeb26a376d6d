package dev.lookout.check;

import dev.lookout.probe.HostResolver;
import dev.lookout.probe.dns.DnsClient;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/**
 * What a lane offers the probes of every check type: its Vert.x, the host resolver, the User-Agent,
 * one DNS client shared by the types that ask DNS, and the state directory.
 *
 * @param stateDir the agent's state directory, where a type keeps what must outlive a restart (the
 *     dns check's baselines) in a subdirectory of its own; null when the agent has none (targets
 *     that need it then fail with a reason)
 * @param services what the running agent shares with the types by class (the heartbeat check's live
 *     ping state); a type asks {@link #service} and copes with null (no agent, as in tests)
 */
public record ProbeContext(
    Vertx vertx,
    HostResolver resolver,
    String userAgent,
    DnsClient dns,
    Path stateDir,
    Clock clock,
    Function<Class<?>, Object> services) {

  public ProbeContext(
      Vertx vertx,
      HostResolver resolver,
      String userAgent,
      DnsClient dns,
      Path stateDir,
      Clock clock) {
    this(vertx, resolver, userAgent, dns, stateDir, clock, type -> null);
  }

  /** The agent's shared service of this class, or null when it offers none. */
  public <T> T service(Class<T> type) {
    Object s = services.apply(type);
    return type.isInstance(s) ? type.cast(s) : null;
  }
}
