package dev.lookout.status;

import dev.lookout.config.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the config says about a target that an operator looks for next to its figures: what it
 * checks, its labels and its latency limits. Made once per target (re)load; never a secret.
 *
 * @param where the URL or host it checks ({@code CheckSpec.where}), or null
 * @param p95Limit the {@code p95_below} expectation in seconds; NaN without one
 * @param p99Limit the {@code p99_below} expectation in seconds; NaN without one
 */
public record TargetInfo(
    String where, Map<String, String> labels, double p95Limit, double p99Limit) {
  public static final TargetInfo NONE = new TargetInfo(null, Map.of(), Double.NaN, Double.NaN);

  public TargetInfo {
    labels = Map.copyOf(labels);
  }

  public static TargetInfo of(Target t) {
    return new TargetInfo(
        t.check().where(),
        t.labels() == null ? Map.of() : t.labels(),
        seconds(t.check().p95Below()),
        seconds(t.check().p99Below()));
  }

  private static double seconds(Duration d) {
    return d == null ? Double.NaN : d.toNanos() / 1e9;
  }

  /** A verdict change, as the per-target page lists them: when, passing or not, and why. */
  public record Change(java.time.Instant at, boolean healthy, List<String> findings) {
    public Change {
      findings = List.copyOf(findings);
    }
  }
}
