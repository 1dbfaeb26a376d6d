package dev.lookout.check.dns;

import dev.lookout.config.Choices;
import dev.lookout.config.Durations;
import dev.lookout.config.HostPort;
import dev.lookout.config.MapReader;
import dev.lookout.probe.dns.DnsValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads {@code dns:} and its expectations (record types to value lists, and {@code ttl}). */
public final class DnsCheckParser {
  private static final Choices<DnsCheck.TtlPolicy> TTL_POLICIES =
      Choices.<DnsCheck.TtlPolicy>none()
          .or("ignore", DnsCheck.TtlPolicy.IGNORE)
          .or("exact", DnsCheck.TtlPolicy.EXACT)
          .or("at_most", DnsCheck.TtlPolicy.AT_MOST)
          .hint(" (the expected TTL itself goes under expect: {ttl: 300})");

  public DnsCheck parse(MapReader m, MapReader e) {
    String name = m.parsed("name", null, DnsCheckParser::name);
    if (name == null && !m.has("name")) {
      m.required("name");
    }
    List<String> types = types(m);
    List<HostPort> resolvers = m.ipAddresses("resolvers", 53);
    boolean authoritative = m.bool("authoritative", false);
    List<HostPort> nameservers = m.ipAddresses("nameservers", 53);
    Duration timeout = m.positiveDuration("timeout", DnsCheck.DEFAULT_TIMEOUT);
    int retries = m.integer("retries", DnsCheck.DEFAULT_RETRIES, 0, 5);
    DnsCheck.TtlPolicy ttl = m.choice("ttl", DnsCheck.TtlPolicy.IGNORE, TTL_POLICIES);
    boolean baseline = m.bool("baseline", false);
    Path expectFrom = m.path("expect_from");
    m.finish();

    Map<String, List<String>> records = new LinkedHashMap<>();
    Map<String, Long> ttls = new LinkedHashMap<>();
    if (expectFrom != null && name != null && !readZone(m, expectFrom, name, records, ttls)) {
      return null;
    }
    Long expectTtl = expected(e, records);
    e.finish();

    authoritative = authoritative || !nameservers.isEmpty();
    boolean ok = name != null;
    ok &= expectationsGiven(m, baseline, records, expectFrom);
    if (ttl != DnsCheck.TtlPolicy.IGNORE) {
      ok &= ttlUsable(m, ttl, authoritative, baseline, expectTtl, ttls);
    }
    if (!ok) {
      return null;
    }
    return new DnsCheck(
        name,
        compared(types, baseline, records),
        resolvers,
        authoritative,
        nameservers,
        timeout,
        retries,
        ttl,
        baseline,
        expectFrom,
        baseline ? DnsExpect.NONE : new DnsExpect(records, expectTtl, ttls));
  }

  /**
   * Reads the records of {@code name} from the zone file of {@code expect_from} into {@code
   * records} and {@code ttls}; false (with an error) when the file cannot be used.
   */
  private static boolean readZone(
      MapReader m,
      Path expectFrom,
      String name,
      Map<String, List<String>> records,
      Map<String, Long> ttls) {
    try {
      OctoDnsZone.Records zone = OctoDnsZone.read(expectFrom, name);
      records.putAll(zone.values());
      ttls.putAll(zone.ttls());
      return true;
    } catch (IllegalArgumentException ex) {
      m.error("expect_from", m.describe("expect_from") + ": " + ex.getMessage());
      return false;
    }
  }

  /**
   * Either expected records ({@code expect}, {@code expect_from}) or a learnt baseline, not both.
   */
  private static boolean expectationsGiven(
      MapReader m, boolean baseline, Map<String, List<String>> records, Path expectFrom) {
    if (baseline && (!records.isEmpty() || expectFrom != null)) {
      m.errorAtKey(
          "baseline",
          m.where()
              + ": baseline: true learns the records itself; drop it or drop the expected"
              + " records (expect, expect_from)");
      return false;
    }
    if (!baseline && records.isEmpty()) {
      m.error(
          m.where()
              + " needs expected records (expect: {A: [203.0.113.10]}, or expect_from: a zone"
              + " file) or baseline: true to learn them");
      return false;
    }
    return true;
  }

  /**
   * The record types the check compares, in {@link DnsValues#TYPES} order: those of {@code types}
   * (by default the baseline's, or the expected ones) and every expected one.
   */
  private static List<String> compared(
      List<String> types, boolean baseline, Map<String, List<String>> records) {
    Set<String> all = new LinkedHashSet<>(types);
    if (all.isEmpty()) {
      all.addAll(baseline ? DnsValues.BASELINE_TYPES : records.keySet());
    }
    for (String t : records.keySet()) {
      all.add(t);
    }
    return DnsValues.TYPES.stream().filter(all::contains).toList();
  }

  private static boolean ttlUsable(
      MapReader m,
      DnsCheck.TtlPolicy ttl,
      boolean authoritative,
      boolean baseline,
      Long expectTtl,
      Map<String, Long> ttls) {
    String policy = ttl.name().toLowerCase(Locale.ROOT);
    if (!authoritative) {
      m.error(
          "ttl",
          m.describe("ttl")
              + ": "
              + policy
              + " applies to authoritative answers only (resolvers count TTLs down): add"
              + " authoritative: true");
      return false;
    }
    if (!baseline && expectTtl == null && ttls.isEmpty()) {
      m.error(
          "ttl",
          m.describe("ttl") + ": " + policy + " needs the expected TTL: add expect: {ttl: 300}");
      return false;
    }
    return true;
  }

  /**
   * Reads the record-type keys of {@code expect:} into {@code records}; returns its {@code ttl}.
   */
  private static Long expected(MapReader e, Map<String, List<String>> records) {
    for (String type : DnsValues.TYPES) {
      if (e.has(type)) {
        records.put(type, e.list(type, text -> DnsValues.normalize(type, text)));
      }
    }
    if (!e.has("ttl")) {
      return null;
    }
    Duration d = e.parsed("ttl", null, DnsCheckParser::ttlSeconds);
    return d == null ? null : d.toSeconds();
  }

  private static Duration ttlSeconds(String text) {
    String s = text.trim();
    if (s.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    return Durations.parse(s);
  }

  private static List<String> types(MapReader m) {
    return m.list(
        "types",
        t -> {
          String type = t.trim().toUpperCase(Locale.ROOT);
          if (!DnsValues.TYPES.contains(type)) {
            throw new IllegalArgumentException(
                "\""
                    + t
                    + "\" is not a record type this check compares (one of "
                    + String.join(", ", DnsValues.TYPES)
                    + ")");
          }
          return type;
        });
  }

  private static String name(String text) {
    String n = DnsValues.name(text);
    return n.equals(".") ? n : n.substring(0, n.length() - 1);
  }
}
