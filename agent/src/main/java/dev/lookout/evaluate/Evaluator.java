package dev.lookout.evaluate;

import dev.lookout.config.DnsCheck;
import dev.lookout.config.EmailAuthCheck;
import dev.lookout.config.HttpCheck;
import dev.lookout.config.Target;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.dns.DnsObservation;
import dev.lookout.probe.http.HttpObservation;
import dev.lookout.probe.mail.MailRecords;
import java.time.Instant;
import java.util.List;

/**
 * Judges a probe result against the target's expectations. Pure: the same inputs give the same
 * verdict, and "now" is passed in, so tests need no clock tricks.
 */
public final class Evaluator {
  private Evaluator() {}

  public static Verdict evaluate(Target target, ProbeResult result, Quantiles window, Instant now) {
    if (!result.answered()) {
      return new Verdict(List.of(new Finding("reachable", result.failure())));
    }
    if (target.check() instanceof HttpCheck http) {
      return new Verdict(
          HttpEvaluator.evaluate(
              http.expect(),
              (HttpObservation) result.observation(),
              result,
              window,
              target.window(),
              now));
    }
    if (target.check() instanceof DnsCheck dns) {
      return new Verdict(DnsDrift.compare(dns, (DnsObservation) result.observation()).findings());
    }
    if (target.check() instanceof EmailAuthCheck mail) {
      return new Verdict(EmailAuthEvaluator.evaluate(mail, (MailRecords) result.observation()));
    }
    throw new IllegalStateException("no evaluator for check type " + target.type());
  }
}
