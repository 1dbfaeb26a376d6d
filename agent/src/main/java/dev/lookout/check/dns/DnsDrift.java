package dev.lookout.check.dns;

import dev.lookout.check.dns.DnsObservation.ServerAnswers;
import dev.lookout.check.dns.DnsObservation.TypeAnswer;
import dev.lookout.evaluate.Finding;
import dev.lookout.probe.Text;
import dev.lookout.probe.dns.DnsValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares what DNS servers answered with what was declared (or learned as the baseline), per
 * record type, as sets: order never matters, and values are already in {@link DnsValues} canonical
 * form, so case and trailing dots never count as drift. Also reports servers that disagree with
 * each other, a CNAME where other records were expected, TTLs outside the policy, and answers from
 * "authoritative" servers without the AA flag. Pure: used by the evaluator and by the metrics.
 */
public final class DnsDrift {
  private DnsDrift() {}

  /**
   * The findings of one probe, whether anything drifted, and per type the size of each side of the
   * diff (over all servers).
   */
  public record Result(
      List<Finding> findings,
      boolean drift,
      Map<String, Integer> missing,
      Map<String, Integer> unexpected) {
    public Result {
      findings = List.copyOf(findings);
      missing = Map.copyOf(missing);
      unexpected = Map.copyOf(unexpected);
    }
  }

  public static Result compare(DnsCheck check, DnsObservation o) {
    Comparison c = new Comparison(check, o);
    c.failures();
    c.diffs();
    c.ttls();
    c.authority();
    c.agreement();
    Map<String, Integer> missing = new TreeMap<>();
    Map<String, Integer> unexpected = new TreeMap<>();
    c.missing.forEach((t, v) -> missing.put(t, v.size()));
    c.unexpected.forEach((t, v) -> unexpected.put(t, v.size()));
    return new Result(c.out, c.drift, missing, unexpected);
  }

  /** The state of one comparison; keeps the steps small without passing six arguments around. */
  private static final class Comparison {
    final DnsCheck check;
    final DnsObservation o;
    final List<Finding> out = new ArrayList<>();
    final Map<String, Set<String>> missing = new TreeMap<>();
    final Map<String, Set<String>> unexpected = new TreeMap<>();
    boolean drift;

    Comparison(DnsCheck check, DnsObservation o) {
      this.check = check;
      this.o = o;
    }

    /** The expected values of a type, or null when there are none to hold the answer against. */
    List<String> expected(String type) {
      if (!check.baseline()) {
        return check.expect().records().getOrDefault(type, List.of());
      }
      DnsBaseline b = o.baseline();
      return b == null ? null : b.records().get(type);
    }

    Long expectedTtl(String type) {
      if (!check.baseline()) {
        return check.expect().ttlOf(type);
      }
      return o.baseline() == null ? null : o.baseline().ttls().get(type);
    }

    /** One finding per server and reason: {@code example.com: NXDOMAIN from 1.1.1.1}. */
    void failures() {
      for (ServerAnswers s : o.servers()) {
        Map<String, List<String>> typesByReason = new LinkedHashMap<>();
        for (String type : check.types()) {
          TypeAnswer a = s.answers().get(type);
          if (a != null && !a.answered()) {
            typesByReason.computeIfAbsent(a.failure(), k -> new ArrayList<>()).add(type);
            drift |= a.nxdomain();
          }
        }
        typesByReason.forEach(
            (reason, types) -> {
              String what =
                  types.size() == check.types().size()
                      ? o.name()
                      : String.join(", ", types) + " " + o.name();
              out.add(new Finding("answer", what + ": " + Text.clip(reason, 200)));
            });
      }
    }

    /** {@code A example.com: missing 203.0.113.10, unexpected 198.51.100.7 (from 9.9.9.9)}. */
    void diffs() {
      List<String> cnames = expected("CNAME") == null ? List.of() : expected("CNAME");
      for (String type : check.types()) {
        List<String> expected = expected(type);
        if (expected == null) {
          continue;
        }
        Map<String, List<String>> serversByProblem = new LinkedHashMap<>();
        for (ServerAnswers s : o.servers()) {
          TypeAnswer a = s.answers().get(type);
          if (a == null || !a.answered()) {
            continue;
          }
          Set<String> miss = new TreeSet<>(expected);
          a.values().forEach(miss::remove);
          Set<String> extra = new TreeSet<>(a.values());
          expected.forEach(extra::remove);
          boolean cname = a.cname() != null && !cnames.contains(a.cname());
          if (miss.isEmpty() && extra.isEmpty() && !cname) {
            continue;
          }
          drift = true;
          missing.computeIfAbsent(type, k -> new TreeSet<>()).addAll(miss);
          unexpected.computeIfAbsent(type, k -> new TreeSet<>()).addAll(extra);
          List<String> parts = new ArrayList<>();
          if (cname) {
            parts.add("CNAME to " + a.cname() + " where " + type + " records were expected");
          }
          List<String> diff = new ArrayList<>();
          if (!miss.isEmpty()) {
            diff.add("missing " + show(type, miss));
          }
          if (!extra.isEmpty()) {
            diff.add("unexpected " + show(type, extra));
          }
          if (!diff.isEmpty()) {
            parts.add(String.join(", ", diff));
          }
          serversByProblem
              .computeIfAbsent(String.join("; ", parts), k -> new ArrayList<>())
              .add(s.server());
        }
        serversByProblem.forEach(
            (problem, servers) ->
                out.add(
                    new Finding(
                        "records",
                        type
                            + " "
                            + o.name()
                            + ": "
                            + problem
                            + " (from "
                            + String.join(", ", servers)
                            + ")")));
      }
    }

    /** TTLs of authoritative answers against the policy (resolvers count TTLs down). */
    void ttls() {
      if (!check.authoritative() || check.ttl() == DnsCheck.TtlPolicy.IGNORE) {
        return;
      }
      boolean atMost = check.ttl() == DnsCheck.TtlPolicy.AT_MOST;
      for (String type : check.types()) {
        Long want = expectedTtl(type);
        if (want == null) {
          continue;
        }
        Map<Long, List<String>> serversByTtl = new TreeMap<>();
        for (ServerAnswers s : o.servers()) {
          TypeAnswer a = s.answers().get(type);
          if (a == null || a.ttl() == null) {
            continue;
          }
          if (atMost ? a.ttl() > want : !a.ttl().equals(want)) {
            serversByTtl.computeIfAbsent(a.ttl(), k -> new ArrayList<>()).add(s.server());
          }
        }
        serversByTtl.forEach(
            (ttl, servers) -> {
              drift = true;
              out.add(
                  new Finding(
                      "ttl",
                      "TTL of "
                          + type
                          + " "
                          + o.name()
                          + " is "
                          + ttl
                          + " s, expected "
                          + (atMost ? "at most " : "")
                          + want
                          + " s (from "
                          + String.join(", ", servers)
                          + ")"));
            });
      }
    }

    /** An "authoritative" server answering without the AA flag is lame (or a resolver). */
    void authority() {
      if (!check.authoritative()) {
        return;
      }
      for (ServerAnswers s : o.servers()) {
        boolean lame =
            s.answers().values().stream().anyMatch(a -> a.answered() && !a.authoritative());
        if (lame) {
          out.add(
              new Finding(
                  "authoritative",
                  s.server()
                      + " answered without the AA flag: it is not authoritative for "
                      + o.name()));
        }
      }
    }

    /** {@code ns2.example.com answers a different MX set than ns1.example.com: … instead of …}. */
    void agreement() {
      for (String type : check.types()) {
        ServerAnswers first = null;
        for (ServerAnswers s : o.servers()) {
          TypeAnswer a = s.answers().get(type);
          if (a == null || !a.answered()) {
            continue;
          }
          if (first == null) {
            first = s;
            continue;
          }
          TypeAnswer ref = first.answers().get(type);
          if (!DnsBaseline.sameSet(ref, a)) {
            drift = true;
            out.add(
                new Finding(
                    "agreement",
                    s.server()
                        + " answers a different "
                        + type
                        + " set than "
                        + first.server()
                        + ": "
                        + describe(type, a)
                        + " instead of "
                        + describe(type, ref)));
          }
        }
      }
    }

    private static String describe(String type, TypeAnswer a) {
      String values = a.values().isEmpty() ? "nothing" : show(type, a.values());
      return a.cname() == null ? values : "CNAME to " + a.cname() + " then " + values;
    }

    private static String show(String type, java.util.Collection<String> values) {
      List<String> shown = new ArrayList<>();
      for (String v : values) {
        shown.add(DnsValues.display(type, v));
      }
      return Text.clip(String.join(", ", shown), 400);
    }
  }
}
