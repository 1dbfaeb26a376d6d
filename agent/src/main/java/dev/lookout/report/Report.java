package dev.lookout.report;

import java.time.Instant;
import java.util.List;

/**
 * The launch-readiness report, rendered by {@link HtmlReport}, {@link MarkdownReport} and {@link
 * JsonReport} from this one value. Built by {@link ReportBuilder}; every text in it came from
 * outside (answers, names, findings) and is escaped by the renderers, never here.
 *
 * @param source where the results came from ({@code one run of every check}, or the agent's URL)
 * @param uptime empty when there is no history (a single run)
 * @param incidents null when the agent does not serve an incident log (the section is left out)
 */
public record Report(
    Instant generatedAt,
    String source,
    String version,
    Verdict verdict,
    List<Risk> risks,
    List<DnsName> dns,
    List<MailDomain> mail,
    List<Certificate> certificates,
    List<Endpoint> performance,
    List<Uptime> uptime,
    List<Incident> incidents,
    HandoverSection handover) {

  public Report {
    risks = List.copyOf(risks);
    dns = List.copyOf(dns);
    mail = List.copyOf(mail);
    certificates = List.copyOf(certificates);
    performance = List.copyOf(performance);
    uptime = List.copyOf(uptime);
    incidents = incidents == null ? null : List.copyOf(incidents);
  }

  /** Ready when nothing blocks; {@code line} is the one-line verdict. */
  public record Verdict(boolean ready, int blockers, int risks) {
    public String line() {
      String b =
          blockers == 0 ? "no blockers" : blockers + (blockers == 1 ? " blocker" : " blockers");
      String r = risks == 0 ? "no risks" : risks + (risks == 1 ? " risk" : " risks");
      return (ready ? "Ready: " : "Not ready: ") + b + ", " + r;
    }
  }

  /**
   * One watched name of the DNS map.
   *
   * @param records per type and value, the servers that gave it
   * @param problems drift and disagreement, in words; empty when all is as expected
   */
  public record DnsName(
      String target,
      String name,
      List<String> servers,
      List<Record> records,
      List<String> problems) {
    public DnsName {
      servers = List.copyOf(servers);
      records = List.copyOf(records);
      problems = List.copyOf(problems);
    }

    /** One record value; {@code value} empty when no server had one of the type. */
    public record Record(String type, String value, List<String> servers, boolean disputed) {
      public Record {
        servers = List.copyOf(servers);
      }
    }
  }

  /**
   * One sending domain in plain words.
   *
   * @param sentences what receivers do with its mail ({@code Receivers reject mail that fakes …})
   * @param delivery delivery-check results (target, outcome), when there are any
   */
  public record MailDomain(
      String target, String domain, List<String> sentences, List<String> delivery) {
    public MailDomain {
      sentences = List.copyOf(sentences);
      delivery = List.copyOf(delivery);
    }
  }

  /** One certificate of the inventory, with the renewal hint. */
  public record Certificate(
      String target,
      String host,
      String address,
      String subject,
      String issuer,
      Instant notBefore,
      Instant notAfter,
      long daysLeft,
      long lifetimeDays,
      String trust,
      String hint) {}

  /**
   * One endpoint's latency baseline.
   *
   * @param p95Target the {@code p95_below} target in seconds, NaN when none is given
   * @param errorRate the failing share of the window, NaN when unknown
   * @param errorWindow what {@code errorRate} covers ({@code 24h}, {@code this run})
   */
  public record Endpoint(
      String target,
      int samples,
      double p50,
      double p95,
      double p99,
      double p95Target,
      double errorRate,
      String errorWindow) {
    public boolean overTarget() {
      return !Double.isNaN(p95Target) && !Double.isNaN(p95) && p95 >= p95Target;
    }
  }

  /** Uptime over the agent's windows (NaN: no data for that window). */
  public record Uptime(String target, double day, double week, double month) {}

  /** One incident from the agent's log, as far as it says. */
  public record Incident(String target, String started, String ended, String summary) {}

  /** The handover: each duty with its owner (null: a gap), support contacts and links. */
  public record HandoverSection(List<Owner> owners, List<String> support, List<Link> links) {
    public HandoverSection {
      owners = List.copyOf(owners);
      support = List.copyOf(support);
      links = List.copyOf(links);
    }

    public List<Owner> gaps() {
      return owners.stream().filter(o -> o.owner() == null).toList();
    }

    public record Owner(String duty, String title, String owner) {}

    public record Link(String name, String url) {}
  }
}
