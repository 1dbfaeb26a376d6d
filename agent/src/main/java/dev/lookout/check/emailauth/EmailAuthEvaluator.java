package dev.lookout.check.emailauth;

import dev.lookout.check.emailauth.EmailAuthExpect.Level;
import dev.lookout.evaluate.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges an email_auth probe from the (pure) analysis of the records the probe fetched: keeps the
 * findings serious enough to fail the target ({@code fail} ones, or {@code warn} ones too when
 * {@code fail_on: warn}). Every finding, kept or not, is counted in the metrics.
 */
final class EmailAuthEvaluator {
  private EmailAuthEvaluator() {}

  static List<Finding> evaluate(EmailAuthCheck check, EmailAuthAnalysis.Report report) {
    List<Finding> out = new ArrayList<>();
    for (MailFinding f : report.findings()) {
      if (f.level() == Level.FAIL || check.expect().failOn() == Level.WARN) {
        out.add(new Finding(f.check(), f.message()));
      }
    }
    return out;
  }
}
