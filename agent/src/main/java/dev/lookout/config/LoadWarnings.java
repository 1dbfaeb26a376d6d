package dev.lookout.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The warnings of one load. A warning never stops a load; today there is one kind: a timeout longer
 * than its interval.
 */
final class LoadWarnings {
  private final ConfigReader reader;
  private final List<ConfigWarning> warnings = new ArrayList<>();

  LoadWarnings(ConfigReader reader) {
    this.reader = reader;
  }

  /** The warnings so far, in the order they were found. */
  List<ConfigWarning> list() {
    return warnings;
  }

  /**
   * A target never overlaps itself, so a probe that runs until a timeout longer than the interval
   * makes the next planned starts skip: the target is probed less often than it says.
   */
  void timeoutBeyondInterval(MapReader m, String where, Duration interval, Duration timeout) {
    if (timeout.compareTo(interval) <= 0) {
      return;
    }
    Node at = m.has("timeout") ? m.node("timeout") : m.node("interval");
    Mark mark = (at == null ? m.node() : at).getStartMark();
    warnings.add(
        new ConfigWarning(
            reader.file(),
            mark.getLine() + 1,
            mark.getColumn() + 1,
            where
                + ": timeout "
                + Durations.human(timeout)
                + " is longer than the interval "
                + Durations.human(interval)
                + ": a probe that runs into its timeout makes the next start skip"
                + " (lookout_probes_skipped_total); shorten the timeout or lengthen the"
                + " interval"));
  }
}
