package dev.lookout.check.maildelivery;

import dev.lookout.check.GaugeValue;
import dev.lookout.check.Gauges;
import dev.lookout.check.Judgement;
import dev.lookout.check.TargetCheck;
import dev.lookout.check.maildelivery.AuthenticationResults.Result;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.status.TargetDetail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One mail delivery target: the judgement of each probe and its series. A probe that could not send
 * or log in leaves every series NaN (unknown), never the last delivery's values.
 */
final class MailDeliveryTarget implements TargetCheck<MailDeliveryObservation> {
  private final MailDeliveryCheck spec;
  private final GaugeValue delivery = new GaugeValue();
  private final GaugeValue[][] auth = new GaugeValue[AuthMethod.values().length][];
  private final GaugeValue[] folders = new GaugeValue[FolderRole.values().length];

  MailDeliveryTarget(MailDeliveryCheck spec) {
    this.spec = spec;
    for (AuthMethod m : AuthMethod.values()) {
      auth[m.ordinal()] = new GaugeValue[m.results().size()];
      for (int i = 0; i < m.results().size(); i++) {
        auth[m.ordinal()][i] = new GaugeValue();
      }
    }
    for (FolderRole f : FolderRole.values()) {
      folders[f.ordinal()] = new GaugeValue();
    }
  }

  @Override
  public Judgement judge(
      ProbeResult result, MailDeliveryObservation o, Quantiles q, Instant now, long nanos) {
    record(o);
    if (o == null) {
      return Judgement.unanswered(result, TargetDetail.EMPTY);
    }
    if (!o.delivered()) {
      return new Judgement(List.of(new Finding("delivered_within", result.failure())), detail(o));
    }
    return new Judgement(MailDeliveryEvaluator.evaluate(spec, o), detail(o));
  }

  private void record(MailDeliveryObservation o) {
    delivery.set(o == null || !o.delivered() ? Double.NaN : o.delivery().toNanos() / 1e9);
    for (FolderRole f : FolderRole.values()) {
      folders[f.ordinal()].set(o == null ? Double.NaN : o.folder() == f ? 1 : 0);
    }
    for (AuthMethod m : AuthMethod.values()) {
      Result r = o == null || !o.delivered() ? null : o.auth().of(m);
      for (int i = 0; i < m.results().size(); i++) {
        double v =
            o == null || !o.delivered()
                ? Double.NaN
                : r != null && r.result().equals(m.results().get(i)) ? 1 : 0;
        auth[m.ordinal()][i].set(v);
      }
    }
  }

  /** Where and how fast, the receiver's verdicts with their domains, what was cleaned up. */
  static TargetDetail detail(MailDeliveryObservation o) {
    List<String> facts = new ArrayList<>();
    List<TargetDetail.Field> fields = new ArrayList<>();
    if (o.delivered()) {
      facts.add(
          "delivered to " + o.folderName() + " in " + MailDeliveryEvaluator.length(o.delivery()));
      fields.add(TargetDetail.Field.of("mail_delivery_seconds", o.delivery().toNanos() / 1e9));
      fields.add(TargetDetail.Field.of("mail_folder", List.of(o.folder().label())));
      MailAuth a = o.auth();
      List<String> verdicts = new ArrayList<>();
      for (AuthMethod m : AuthMethod.values()) {
        Result r = a.of(m);
        if (r != null) {
          verdicts.add(
              m == AuthMethod.DMARC && r.property("header.from") != null
                  ? MailDeliveryEvaluator.verdict(m, r)
                      + " (header.from="
                      + r.property("header.from")
                      + ")"
                  : MailDeliveryEvaluator.verdict(m, r));
        }
      }
      if (a.receiver() != null) {
        facts.add(
            (verdicts.isEmpty() ? "no verdicts" : String.join(", ", verdicts))
                + " by "
                + a.receiver());
        fields.add(TargetDetail.Field.of("mail_auth", verdicts));
      } else {
        facts.add("no Authentication-Results from the receiver");
      }
    }
    if (o.removed() > 0) {
      facts.add(
          "removed "
              + o.removed()
              + (o.removed() == 1 ? " leftover probe message" : " leftover probe messages"));
    }
    return new TargetDetail(facts, fields);
  }

  @Override
  public void gauges(Gauges out) {
    out.gauge(
        "lookout_mail_delivery_seconds",
        "Time from the SMTP server's 250 to the probe message's first sighting over IMAP",
        delivery.get());
    for (AuthMethod m : AuthMethod.values()) {
      for (int i = 0; i < m.results().size(); i++) {
        out.gauge(
            "lookout_mail_auth_result",
            "1 for the receiver's Authentication-Results verdict on the last probe message",
            auth[m.ordinal()][i].get(),
            "method",
            m.key(),
            "result",
            m.results().get(i));
      }
    }
    for (FolderRole f : FolderRole.values()) {
      if (f == FolderRole.SPAM && spec.spam() == null) {
        continue;
      }
      out.gauge(
          "lookout_mail_folder",
          "1 for the folder the last probe message was found in",
          folders[f.ordinal()].get(),
          "folder",
          f.label());
    }
  }
}
