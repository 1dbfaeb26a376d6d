package dev.lookout.check;

import dev.lookout.probe.HostResolver;
import dev.lookout.probe.dns.DnsClient;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What a lane offers the probes of every check type: its Vert.x, the host resolver, the User-Agent,
 * one DNS client shared by the types that ask DNS, and the state directory.
 *
 * @param stateDir the agent's state directory, where a type keeps what must outlive a restart (the
 *     dns check's baselines) in a subdirectory of its own; null when the agent has none (targets
 *     that need it then fail with a reason)
 */
public record ProbeContext(
    Vertx vertx,
    HostResolver resolver,
    String userAgent,
    DnsClient dns,
    Path stateDir,
    Clock clock) {}
