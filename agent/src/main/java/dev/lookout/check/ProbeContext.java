package dev.lookout.check;

import dev.lookout.probe.HostResolver;
import dev.lookout.probe.dns.DnsBaselines;
import dev.lookout.probe.dns.DnsClient;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * What a lane offers the probes of every check type: its Vert.x, the host resolver, the User-Agent,
 * one DNS client shared by the types that ask DNS, and the state directory's stores.
 *
 * @param baselines where baseline-mode dns targets keep theirs; null when the agent has no state
 *     directory (such targets then fail with a reason)
 */
public record ProbeContext(
    Vertx vertx,
    HostResolver resolver,
    String userAgent,
    DnsClient dns,
    DnsBaselines baselines,
    Clock clock) {}
