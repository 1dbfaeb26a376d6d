package dev.lookout.evaluate;

import dev.lookout.config.EmailAuthCheck;
import dev.lookout.config.EmailAuthExpect.Level;
import dev.lookout.probe.mail.EmailAuthAnalysis;
import dev.lookout.probe.mail.MailFinding;
import dev.lookout.probe.mail.MailRecords;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges an email_auth probe: runs the (pure) analysis on the records the probe fetched and keeps
 * the findings serious enough to fail the target ({@code fail} ones, or {@code warn} ones too when
 * {@code fail_on: warn}). Every finding, kept or not, is counted in the metrics.
 */
public final class EmailAuthEvaluator {
  private EmailAuthEvaluator() {}

  public static List<Finding> evaluate(EmailAuthCheck check, MailRecords records) {
    EmailAuthAnalysis.Report report = EmailAuthAnalysis.analyze(check, records);
    List<Finding> out = new ArrayList<>();
    for (MailFinding f : report.findings()) {
      if (f.level() == Level.FAIL || check.expect().failOn() == Level.WARN) {
        out.add(new Finding(f.check(), f.message()));
      }
    }
    return out;
  }
}
