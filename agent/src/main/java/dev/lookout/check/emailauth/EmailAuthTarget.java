package dev.lookout.check.emailauth;

import dev.lookout.check.GaugeValue;
import dev.lookout.check.Gauges;
import dev.lookout.check.Judgement;
import dev.lookout.check.TargetCheck;
import dev.lookout.check.emailauth.EmailAuthExpect.Level;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.status.TargetDetail;
import java.time.Instant;

/**
 * One email_auth target. The records are analysed once per result; the findings that fail the
 * target and {@code lookout_email_auth_findings{check,level}} (every finding, warnings included)
 * both come from that analysis. The counts are NaN when the probe got no answer, so a broken
 * resolver is not "all clear".
 */
final class EmailAuthTarget implements TargetCheck<MailRecords> {
  private static final Level[] LEVELS = Level.values();
  private final EmailAuthCheck spec;

  /** Per check (in {@link MailFinding#CHECKS} order), per level. */
  private final GaugeValue[][] counts;

  EmailAuthTarget(EmailAuthCheck spec) {
    this.spec = spec;
    counts = new GaugeValue[MailFinding.CHECKS.size()][LEVELS.length];
    for (GaugeValue[] row : counts) {
      for (int l = 0; l < row.length; l++) {
        row[l] = new GaugeValue();
      }
    }
  }

  @Override
  public Judgement judge(ProbeResult result, MailRecords o, Quantiles q, Instant now, long nanos) {
    EmailAuthAnalysis.Report r = o == null ? null : EmailAuthAnalysis.analyze(spec, o);
    for (int c = 0; c < counts.length; c++) {
      for (int l = 0; l < LEVELS.length; l++) {
        counts[c][l].set(r == null ? Double.NaN : r.count(MailFinding.CHECKS.get(c), LEVELS[l]));
      }
    }
    if (!result.answered() || r == null) {
      return Judgement.unanswered(result, TargetDetail.EMPTY);
    }
    return new Judgement(EmailAuthEvaluator.evaluate(spec, r), MailSummary.detail(spec, o, r));
  }

  @Override
  public void gauges(Gauges out) {
    for (int c = 0; c < counts.length; c++) {
      for (int l = 0; l < LEVELS.length; l++) {
        out.gauge(
            "lookout_email_auth_findings",
            "Email authentication findings of the last probe, by check and level",
            counts[c][l].get(),
            "check",
            MailFinding.CHECKS.get(c),
            "level",
            LEVELS[l].label());
      }
    }
  }
}
