package dev.lookout.check.heartbeat;

import dev.lookout.check.Gauges;
import dev.lookout.check.Judgement;
import dev.lookout.check.TargetCheck;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.status.TargetDetail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One heartbeat target's instance of the check type: judges the state its probe read with {@link
 * HeartbeatJudge}, once per evaluation, and says on the status page when the next ping is due. A
 * pending target (never pinged, first deadline ahead) has no findings: it is not failing.
 */
public final class HeartbeatTarget implements TargetCheck<HeartbeatObservation> {
  private final HeartbeatCheck spec;

  public HeartbeatTarget(HeartbeatCheck spec) {
    this.spec = spec;
  }

  @Override
  public Judgement judge(
      ProbeResult result, HeartbeatObservation o, Quantiles window, Instant now, long nanos) {
    if (!result.answered() || o == null) {
      return Judgement.unanswered(result, TargetDetail.EMPTY);
    }
    HeartbeatJudgement j = HeartbeatJudge.judge(spec, o.state(), now);
    return new Judgement(j.findings(), new TargetDetail(facts(j, o.state()), List.of()));
  }

  private List<String> facts(HeartbeatJudgement j, HeartbeatState s) {
    List<String> out = new ArrayList<>();
    String due =
        j.nextDeadline().equals(Instant.MAX)
            ? "no ping is due any more"
            : "next ping due by " + Elapsed.dateTime(j.nextDeadline(), spec.timeZone());
    out.add(j.status() == HeartbeatJudgement.Status.PENDING ? "pending: " + due : due);
    Instant last = s.lastAnyPing();
    if (last != null) {
      out.add("last ping " + Elapsed.dateTime(last, spec.timeZone()));
    }
    if (s.lastRun() != null && s.lastRun().duration() != null) {
      out.add("last run took " + Elapsed.length(s.lastRun().duration()));
    }
    if (s.lastRun() != null && s.lastRun().logCut() > 0) {
      out.add("log excerpt cut: " + s.lastRun().logCut() + " bytes past the first 10 KiB");
    }
    return out;
  }

  @Override
  public void gauges(Gauges out) {
    // The heartbeat series come from HeartbeatMeters, which reads the live state at scrape time.
  }
}
