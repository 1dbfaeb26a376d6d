package dev.lookout.check.dns;

import dev.lookout.probe.dns.DnsValues;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The declared records of a dns target, per type, in {@link DnsValues} canonical form; a type
 * mapped to an empty list must have no records. Empty as a whole in baseline mode.
 *
 * @param ttl the TTL (seconds) every type must have under a TTL policy, or null
 * @param ttls per-type TTLs (from an octoDNS zone file), which win over {@code ttl}
 */
public record DnsExpect(Map<String, List<String>> records, Long ttl, Map<String, Long> ttls) {
  public static final DnsExpect NONE = new DnsExpect(Map.of(), null, Map.of());

  public DnsExpect {
    TreeMap<String, List<String>> copy = new TreeMap<>();
    records.forEach((k, v) -> copy.put(k, List.copyOf(new java.util.TreeSet<>(v))));
    records = java.util.Collections.unmodifiableMap(copy);
    ttls = Map.copyOf(ttls);
  }

  /** The expected TTL of one type, or null when none was declared. */
  public Long ttlOf(String type) {
    return ttls.getOrDefault(type, ttl);
  }
}
