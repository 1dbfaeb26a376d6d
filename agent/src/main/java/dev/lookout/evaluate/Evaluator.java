package dev.lookout.evaluate;

import dev.lookout.config.DnsCheck;
import dev.lookout.config.EmailAuthCheck;
import dev.lookout.config.HttpCheck;
import dev.lookout.config.QueueCheck;
import dev.lookout.config.Target;
import dev.lookout.config.TlsCheck;
import dev.lookout.history.DepthSeries.Trend;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.probe.dns.DnsObservation;
import dev.lookout.probe.http.HttpObservation;
import dev.lookout.probe.mail.MailRecords;
import dev.lookout.probe.queue.QueueObservation;
import dev.lookout.probe.tls.TlsObservation;
import java.time.Instant;
import java.util.List;

/**
 * Judges a probe result against the target's expectations. Pure: the same inputs give the same
 * verdict, and "now" is passed in, so tests need no clock tricks.
 */
public final class Evaluator {
  private Evaluator() {}

  public static Verdict evaluate(Target target, ProbeResult result, Quantiles window, Instant now) {
    return evaluate(target, result, window, Trend.NONE, now);
  }

  /**
   * @param depthTrend the trend of a queue target's depth history, this result included ({@link
   *     Trend#NONE} for other check types)
   */
  public static Verdict evaluate(
      Target target, ProbeResult result, Quantiles window, Trend depthTrend, Instant now) {
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
    if (target.check() instanceof QueueCheck queue) {
      return new Verdict(
          QueueEvaluator.evaluate(
              queue.expect(), (QueueObservation) result.observation(), depthTrend));
    }
    if (target.check() instanceof DnsCheck dns) {
      return new Verdict(DnsDrift.compare(dns, (DnsObservation) result.observation()).findings());
    }
    if (target.check() instanceof TlsCheck tls) {
      return new Verdict(
          TlsEvaluator.evaluate(tls.expect(), (TlsObservation) result.observation(), now));
    }
    if (target.check() instanceof EmailAuthCheck mail) {
      return new Verdict(EmailAuthEvaluator.evaluate(mail, (MailRecords) result.observation()));
    }
    throw new IllegalStateException("no evaluator for check type " + target.type());
  }
}
