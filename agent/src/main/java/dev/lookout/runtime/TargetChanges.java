package dev.lookout.runtime;

import dev.lookout.probe.Text;
import dev.lookout.status.StatusView;
import dev.lookout.status.TargetStatus;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line when a target's verdict changes, so the console of {@code lookout run} says at once
 * what went down and why, and when it came back, without waiting for {@code after} or a notifier:
 * {@code shop is failing: status 503, expected 2xx} / {@code shop passes again (failed for 35 s)}.
 * A first verdict that passes is not news and is not logged.
 */
final class TargetChanges {
  private static final Logger LOG = LoggerFactory.getLogger("lookout.targets");

  private TargetChanges() {}

  static void log(TargetStatus before, TargetStatus after) {
    if (!after.probed() || (before.probed() && before.healthy() == after.healthy())) {
      return;
    }
    if (after.healthy()) {
      if (before.probed()) {
        String failed =
            before.failingSince() == null
                ? ""
                : " (failed for "
                    + StatusView.age(
                        Duration.between(before.failingSince(), after.lastProbeAt()).toSeconds())
                    + ")";
        LOG.info("{} passes again{}", after.name(), failed);
      }
      return;
    }
    LOG.warn("{} is failing: {}", after.name(), Text.oneLine(why(after), 300));
  }

  private static String why(TargetStatus s) {
    if (!s.findings().isEmpty()) {
      return StatusView.redact(
          String.join(
              "; ", s.findings().stream().map(dev.lookout.evaluate.Finding::message).toList()));
    }
    return s.lastError() == null ? "its expectations failed" : StatusView.redact(s.lastError());
  }
}
