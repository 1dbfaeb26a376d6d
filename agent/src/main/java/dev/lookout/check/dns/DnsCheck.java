package dev.lookout.check.dns;

import dev.lookout.config.CheckSpec;
import dev.lookout.config.HostPort;
import dev.lookout.probe.dns.DnsValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code dns} block: which name and record types to watch, whom to ask (resolvers, or every
 * authoritative nameserver directly), and what the answers must be, declared ({@code expect:},
 * {@code expect_from:}) or learned once and then held ({@code baseline: true}).
 *
 * @param name the name to query, lower-case, without the trailing dot
 * @param resolvers recursive resolvers to ask (in authoritative mode: to find the nameservers
 *     with); empty means the system's ({@code /etc/resolv.conf})
 * @param authoritative ask the zone's nameservers directly, recursion off, and check the AA flag
 * @param nameservers authoritative servers to ask instead of discovering the NS set
 * @param timeout how long to wait for one server's answer to one try
 * @param retries how many times to ask a silent server again
 * @param expectFrom the octoDNS zone file the expected records came from, or null
 */
public record DnsCheck(
    String name,
    List<String> types,
    List<HostPort> resolvers,
    boolean authoritative,
    List<HostPort> nameservers,
    Duration timeout,
    int retries,
    TtlPolicy ttl,
    boolean baseline,
    Path expectFrom,
    DnsExpect expect)
    implements CheckSpec {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  public static final int DEFAULT_RETRIES = 1;

  public DnsCheck {
    Objects.requireNonNull(name, "name");
    types = List.copyOf(types);
    resolvers = List.copyOf(resolvers);
    nameservers = List.copyOf(nameservers);
    if (types.isEmpty()) {
      throw new IllegalArgumentException("a dns check needs at least one record type");
    }
    if (!types.stream().allMatch(DnsValues.TYPES::contains)) {
      throw new IllegalArgumentException("unsupported record type in " + types);
    }
    if (baseline == !expect.records().isEmpty()) {
      throw new IllegalArgumentException(
          "a dns check needs either expected records or a baseline, not both");
    }
  }

  @Override
  public String where() {
    return name + " " + String.join(", ", types);
  }

  @Override
  public String type() {
    return "dns";
  }

  /**
   * How answered TTLs are judged. Applied to authoritative answers only: recursive resolvers count
   * TTLs down from the cached value, so theirs say nothing about the zone.
   */
  public enum TtlPolicy {
    /** TTLs are not compared (the default). */
    IGNORE,
    /** The TTL must equal the declared (or learned) one. */
    EXACT,
    /** The TTL must not exceed the declared one (e.g. lowered before a migration). */
    AT_MOST
  }
}
