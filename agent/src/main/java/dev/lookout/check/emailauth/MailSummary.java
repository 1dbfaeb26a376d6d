package dev.lookout.check.emailauth;

import dev.lookout.check.Facts;
import dev.lookout.probe.Text;
import dev.lookout.status.TargetDetail;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The detail of an email_auth result: the records as published and every finding, warnings included
 * (the findings that fail the target may leave them out), so the launch-readiness report can say in
 * plain words what receivers do with the domain's mail without looking at DNS again.
 */
final class MailSummary {
  private MailSummary() {}

  static TargetDetail detail(EmailAuthCheck check, MailRecords o, EmailAuthAnalysis.Report r) {
    List<TargetDetail.Field> fields = new ArrayList<>();
    fields.add(TargetDetail.Field.of("spf_lookups", (long) r.spfLookups()));
    fields.add(
        TargetDetail.Field.of(
            "spf_record",
            txt(o, check.domain(), v -> v.toLowerCase(Locale.ROOT).startsWith("v=spf1"))));
    fields.add(
        TargetDetail.Field.of(
            "dmarc_record",
            txt(
                o,
                "_dmarc." + check.domain(),
                v -> v.toUpperCase(Locale.ROOT).startsWith("V=DMARC1"))));
    List<String> keys = new ArrayList<>();
    for (String selector : check.dkimSelectors()) {
      MailAnswer a = o.answers().get(MailQuery.txt(selector + "._domainkey." + check.domain()));
      String key = null;
      if (a != null) {
        for (String v : a.values()) {
          key = key == null ? DkimCheck.describe(v) : key;
        }
      }
      keys.add(selector + "\t" + (key == null ? "no key published" : key));
    }
    fields.add(TargetDetail.Field.of("dkim_keys", keys));
    List<String> findings = new ArrayList<>();
    for (MailFinding f : r.findings()) {
      findings.add(
          f.level().label() + "\t" + f.check() + "\t" + one(f.problem()) + "\t" + one(f.fix()));
    }
    fields.add(TargetDetail.Field.of("mail_findings", findings));
    long fails = r.findings().stream().filter(f -> f.level() == EmailAuthExpect.Level.FAIL).count();
    List<String> facts =
        List.of(
            fails == 0
                ? (r.findings().isEmpty()
                    ? "mail authentication ok"
                    : "mail authentication ok, "
                        + Facts.plural(r.findings().size(), "warning", "warnings"))
                : Facts.plural(fails, "failure", "failures") + " in mail authentication");
    return new TargetDetail(facts, fields);
  }

  private static List<String> txt(
      MailRecords o, String name, java.util.function.Predicate<String> kind) {
    MailAnswer a = o.answers().get(MailQuery.txt(name));
    return a == null ? List.of() : a.values().stream().filter(kind).map(MailSummary::one).toList();
  }

  private static String one(String s) {
    return Text.clip(s.replaceAll("[\\t\\r\\n]", " "), 500);
  }
}
