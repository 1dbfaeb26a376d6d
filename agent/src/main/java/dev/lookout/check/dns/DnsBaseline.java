package dev.lookout.check.dns;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The records a baseline-mode dns target holds its answers against: learned from the first complete
 * answer, replaced only when an operator accepts a change ({@code lookout dns-accept}).
 *
 * @param name the name the baseline is for; a baseline for another name is ignored
 * @param records canonical values per type; a CNAME entry may also come from a CNAME seen while
 *     asking another type, so "CNAME where A was expected" is not reported for a name that always
 *     was a CNAME
 * @param ttls the TTL per type when learned from authoritative servers
 */
public record DnsBaseline(
    String name, Map<String, List<String>> records, Map<String, Long> ttls, Instant learnedAt) {

  public DnsBaseline {
    Objects.requireNonNull(name, "name");
    TreeMap<String, List<String>> copy = new TreeMap<>();
    records.forEach((k, v) -> copy.put(k, List.copyOf(new java.util.TreeSet<>(v))));
    records = java.util.Collections.unmodifiableMap(copy);
    ttls = Map.copyOf(ttls);
  }

  /**
   * Adds to {@code existing} (null: nothing yet) every type of {@code types} it lacks and that
   * {@code seen} answered completely: every server gave a NOERROR answer and all gave the same one.
   *
   * @return the grown baseline, or {@code existing} itself when nothing could be added
   */
  public static DnsBaseline learn(
      DnsBaseline existing, DnsObservation seen, List<String> types, Instant now) {
    Map<String, List<String>> records =
        new TreeMap<>(existing == null ? Map.of() : existing.records());
    Map<String, Long> ttls = new TreeMap<>(existing == null ? Map.of() : existing.ttls());
    boolean grew = false;
    for (String type : types) {
      if (records.containsKey(type)) {
        continue;
      }
      DnsObservation.TypeAnswer agreed = agreed(seen, type);
      if (agreed == null) {
        continue;
      }
      records.put(type, agreed.values());
      if (agreed.ttl() != null) {
        ttls.put(type, agreed.ttl());
      }
      if (agreed.cname() != null && !types.contains("CNAME")) {
        records.putIfAbsent("CNAME", List.of(agreed.cname()));
      }
      grew = true;
    }
    if (!grew) {
      return existing;
    }
    return new DnsBaseline(seen.name(), records, ttls, now);
  }

  /** The answer every server gave for {@code type}, or null when one failed or they differ. */
  static DnsObservation.TypeAnswer agreed(DnsObservation seen, String type) {
    DnsObservation.TypeAnswer first = null;
    Long lowestTtl = null;
    for (DnsObservation.ServerAnswers s : seen.servers()) {
      DnsObservation.TypeAnswer a = s.answers().get(type);
      if (a == null || !a.answered()) {
        return null;
      }
      if (first == null) {
        first = a;
      } else if (!sameSet(first, a)) {
        return null;
      }
      if (a.ttl() != null) {
        lowestTtl = lowestTtl == null ? a.ttl() : Math.min(lowestTtl, a.ttl());
      }
    }
    if (first == null) {
      return null;
    }
    return new DnsObservation.TypeAnswer(
        first.values(), first.cname(), lowestTtl, first.authoritative(), null, false);
  }

  /** Whether two answers hold the same records (order and TTL aside) behind the same CNAME. */
  public static boolean sameSet(DnsObservation.TypeAnswer a, DnsObservation.TypeAnswer b) {
    Set<String> x = new HashSet<>(a.values());
    Set<String> y = new HashSet<>(b.values());
    return x.equals(y) && Objects.equals(a.cname(), b.cname());
  }

  /** The types of this baseline, in a stable order. */
  public List<String> types() {
    return new ArrayList<>(records.keySet());
  }
}
