package dev.lookout.check.dns;

import dev.lookout.probe.Observation;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a dns probe saw: each server's answer to each record type, in {@link
 * dev.lookout.probe.dns.DnsValues} canonical form, and (in baseline mode) the baseline the answers
 * are held against.
 *
 * @param name the queried name, lower-case without the trailing dot
 * @param servers one entry per server asked, in the order they were asked
 * @param baseline the stored baseline (null when the check declares its records, or when nothing
 *     complete has been seen yet)
 * @param learnedTypes the types this probe added to the baseline (empty when it changed nothing)
 */
public record DnsObservation(
    String name, List<ServerAnswers> servers, DnsBaseline baseline, List<String> learnedTypes)
    implements Observation {

  public DnsObservation {
    servers = List.copyOf(servers);
    learnedTypes = List.copyOf(learnedTypes);
  }

  public DnsObservation withBaseline(DnsBaseline baseline, List<String> learnedTypes) {
    return new DnsObservation(name, servers, baseline, learnedTypes);
  }

  /** One server's answers, by record type, and how long it took to give all of them. */
  public record ServerAnswers(String server, Duration lookup, Map<String, TypeAnswer> answers) {
    public ServerAnswers {
      answers = Map.copyOf(answers);
    }
  }

  /**
   * One server's answer for one type: either its values or, when it gave none, why ({@code NXDOMAIN
   * from 1.1.1.1}).
   *
   * @param values the records of the asked type in the answer (after any CNAME), sorted
   * @param cname the CNAME target the name pointed to when another type was asked, or null
   * @param ttl the lowest TTL among {@code values} (seconds), or null when there are none
   * @param authoritative whether the response carried the AA flag
   * @param failure why there is no answer, or null
   * @param nxdomain whether the failure is "the name does not exist"
   */
  public record TypeAnswer(
      List<String> values,
      String cname,
      Long ttl,
      boolean authoritative,
      String failure,
      boolean nxdomain) {
    public TypeAnswer {
      values = List.copyOf(values);
    }

    public static TypeAnswer failed(String failure, boolean nxdomain) {
      return new TypeAnswer(List.of(), null, null, false, failure, nxdomain);
    }

    public boolean answered() {
      return failure == null;
    }
  }
}
