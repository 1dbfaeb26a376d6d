package dev.lookout.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads {@code dns:} and its expectations (record types to value lists, and {@code ttl}). */
public final class DnsCheckParser {

  public DnsCheck parse(MapReader m, MapReader e) {
    String name = m.parsed("name", null, DnsCheckParser::name);
    if (name == null && !m.has("name")) {
      m.required("name");
    }
    List<String> types = types(m);
    List<HostPort> resolvers = servers(m, "resolvers");
    boolean authoritative = m.bool("authoritative", false);
    List<HostPort> nameservers = servers(m, "nameservers");
    Duration timeout = m.positiveDuration("timeout", DnsCheck.DEFAULT_TIMEOUT);
    int retries = m.integer("retries", DnsCheck.DEFAULT_RETRIES, 0, 5);
    DnsCheck.TtlPolicy ttl = m.parsed("ttl", DnsCheck.TtlPolicy.IGNORE, DnsCheckParser::ttlPolicy);
    boolean baseline = m.bool("baseline", false);
    String from = m.string("expect_from");
    Path expectFrom = from == null ? null : m.reader().resolvePath(from);
    m.finish();

    Map<String, List<String>> records = new LinkedHashMap<>();
    Map<String, Long> ttls = new LinkedHashMap<>();
    if (expectFrom != null && name != null) {
      try {
        OctoDnsZone.Records zone = OctoDnsZone.read(expectFrom, name);
        records.putAll(zone.values());
        ttls.putAll(zone.ttls());
      } catch (IllegalArgumentException ex) {
        m.reader().error(m.node("expect_from"), m.describe("expect_from") + ": " + ex.getMessage());
        return null;
      }
    }
    Long expectTtl = expected(e, records);
    e.finish();

    authoritative = authoritative || !nameservers.isEmpty();
    boolean ok = name != null;
    if (baseline && (!records.isEmpty() || expectFrom != null)) {
      m.reader()
          .error(
              m.keyNode("baseline"),
              m.where()
                  + ": baseline: true learns the records itself; drop it or drop the expected"
                  + " records (expect, expect_from)");
      ok = false;
    } else if (!baseline && records.isEmpty()) {
      m.reader()
          .error(
              m.node(),
              m.where()
                  + " needs expected records (expect: {A: [203.0.113.10]}, or expect_from: a zone"
                  + " file) or baseline: true to learn them");
      ok = false;
    }
    if (ttl != DnsCheck.TtlPolicy.IGNORE) {
      ok &= ttlUsable(m, ttl, authoritative, baseline, expectTtl, ttls);
    }
    if (!ok) {
      return null;
    }
    Set<String> all = new LinkedHashSet<>(types);
    if (all.isEmpty()) {
      all.addAll(baseline ? DnsValues.BASELINE_TYPES : records.keySet());
    }
    for (String t : records.keySet()) {
      all.add(t);
    }
    List<String> ordered = DnsValues.TYPES.stream().filter(all::contains).toList();
    return new DnsCheck(
        name,
        ordered,
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

  private static boolean ttlUsable(
      MapReader m,
      DnsCheck.TtlPolicy ttl,
      boolean authoritative,
      boolean baseline,
      Long expectTtl,
      Map<String, Long> ttls) {
    String policy = ttl.name().toLowerCase(Locale.ROOT);
    if (!authoritative) {
      m.reader()
          .error(
              m.node("ttl"),
              m.describe("ttl")
                  + ": "
                  + policy
                  + " applies to authoritative answers only (resolvers count TTLs down): add"
                  + " authoritative: true");
      return false;
    }
    if (!baseline && expectTtl == null && ttls.isEmpty()) {
      m.reader()
          .error(
              m.node("ttl"),
              m.describe("ttl")
                  + ": "
                  + policy
                  + " needs the expected TTL: add expect: {ttl: 300}");
      return false;
    }
    return true;
  }

  /**
   * Reads the record-type keys of {@code expect:} into {@code records}; returns its {@code ttl}.
   */
  private static Long expected(MapReader e, Map<String, List<String>> records) {
    for (String type : DnsValues.TYPES) {
      Node node = e.node(type);
      if (node == null) {
        continue;
      }
      List<String> values = new ArrayList<>();
      for (Node item : e.items(node)) {
        String text = e.reader().text(item, e.describe(type));
        if (text == null) {
          continue;
        }
        try {
          values.add(DnsValues.normalize(type, text));
        } catch (IllegalArgumentException ex) {
          e.reader().error(item, e.describe(type) + ": " + ex.getMessage());
        }
      }
      records.put(type, values);
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
    List<String> out = new ArrayList<>();
    Node node = m.node("types");
    if (node == null) {
      return out;
    }
    for (Node item : m.items(node)) {
      String t = m.reader().text(item, m.describe("types"));
      if (t == null) {
        continue;
      }
      String type = t.trim().toUpperCase(Locale.ROOT);
      if (DnsValues.TYPES.contains(type)) {
        out.add(type);
      } else {
        m.reader()
            .error(
                item,
                m.describe("types")
                    + ": \""
                    + t
                    + "\" is not a record type this check compares (one of "
                    + String.join(", ", DnsValues.TYPES)
                    + ")");
      }
    }
    return out;
  }

  /** A list of DNS servers ({@code ip} or {@code ip:port}); also read by the email_auth check. */
  static List<HostPort> servers(MapReader m, String key) {
    List<HostPort> out = new ArrayList<>();
    Node node = m.node(key);
    if (node == null) {
      return out;
    }
    for (Node item : m.items(node)) {
      String text = m.reader().text(item, m.describe(key));
      if (text == null) {
        continue;
      }
      try {
        HostPort hp = HostPort.parse(text, 53);
        org.xbill.DNS.Address.getByAddress(hp.host());
        out.add(hp);
      } catch (IllegalArgumentException | java.net.UnknownHostException ex) {
        m.reader()
            .error(
                item,
                m.describe(key)
                    + ": \""
                    + text
                    + "\" is not an IP address with an optional port (write 9.9.9.9,"
                    + " 127.0.0.1:5353 or [2620:fe::fe]:53)");
      }
    }
    return out;
  }

  private static String name(String text) {
    String n = DnsValues.name(text);
    return n.equals(".") ? n : n.substring(0, n.length() - 1);
  }

  private static DnsCheck.TtlPolicy ttlPolicy(String text) {
    return switch (text.trim()) {
      case "ignore" -> DnsCheck.TtlPolicy.IGNORE;
      case "exact" -> DnsCheck.TtlPolicy.EXACT;
      case "at_most" -> DnsCheck.TtlPolicy.AT_MOST;
      default ->
          throw new IllegalArgumentException(
              "\""
                  + text
                  + "\" is not one of ignore, exact, at_most (the expected TTL itself goes under"
                  + " expect: {ttl: 300})");
    };
  }
}
