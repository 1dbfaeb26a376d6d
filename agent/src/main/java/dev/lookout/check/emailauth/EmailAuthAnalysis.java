package dev.lookout.check.emailauth;

import dev.lookout.check.emailauth.EmailAuthExpect.Level;
import dev.lookout.probe.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Judges a domain's SPF, DMARC, DKIM and MX records. Pure (no I/O, no Vert.x): it reads answers
 * through {@link Lookups} and, where an answer is not known yet, names the question it needs. The
 * probe runs it round after round, asking the needed questions, until nothing is missing (SPF
 * includes nest, so the questions are only known as answers arrive); the evaluator then runs it
 * once more on the finished {@link MailRecords} for the findings.
 */
public final class EmailAuthAnalysis {
  private EmailAuthAnalysis() {}

  /** The answers known so far. */
  public interface Lookups {
    /** The answer to {@code q}, or null when it has not been asked yet. */
    MailAnswer get(MailQuery q);
  }

  /**
   * The findings, in the order spf, dmarc, dkim, mx; and the questions still unanswered (empty once
   * the findings are final).
   */
  public record Report(List<MailFinding> findings, Set<MailQuery> needed, int spfLookups) {
    public Report {
      findings = List.copyOf(findings);
      needed = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(needed));
    }

    /** How many findings of a check and level. */
    public long count(String check, Level level) {
      return findings.stream().filter(f -> f.check().equals(check) && f.level() == level).count();
    }
  }

  public static Report analyze(EmailAuthCheck check, Lookups dns) {
    Scan scan = new Scan(dns);
    int lookups = new SpfWalk(scan, check).run();
    new DmarcCheck(scan, check).run();
    new DkimCheck(scan, check).run();
    new MxCheck(scan, check.domain()).run();
    return new Report(scan.findings, scan.needed, lookups);
  }

  /** Shared by the four parts: the answers, the questions still needed, the findings so far. */
  static final class Scan {
    private final Lookups dns;
    final Set<MailQuery> needed = new LinkedHashSet<>();
    final List<MailFinding> findings = new ArrayList<>();

    Scan(Lookups dns) {
      this.dns = dns;
    }

    /** The answer, or null (and the question noted) when it is not known yet. */
    MailAnswer get(MailQuery q) {
      MailAnswer a = dns.get(q);
      if (a == null) {
        needed.add(q);
      }
      return a;
    }

    boolean complete() {
      return needed.isEmpty();
    }

    void add(String check, Level level, String about, String problem, String fix) {
      findings.add(new MailFinding(check, level, about, problem, fix));
    }
  }

  /** A record as findings quote it: {@code TXT example.com "v=spf1 …"}, clipped to one line. */
  static String quote(String type, String name, String value) {
    return type + " " + name + " \"" + Text.clip(value, 100) + "\"";
  }

  /** A value from the outside world, clipped, for inside a problem text. */
  static String clip(String value, int max) {
    return Text.clip(value, max);
  }
}
