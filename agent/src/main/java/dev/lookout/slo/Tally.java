package dev.lookout.slo;

/**
 * What one target's history says about a span of time ending now: seconds with a passing verdict,
 * with a failing one, and with none (unknown, excluded from every ratio); probes that failed; and
 * the latency objective's good and counted probes.
 */
public record Tally(
    double goodSeconds,
    double badSeconds,
    double unknownSeconds,
    long badProbes,
    long latencyGood,
    long latencyTotal) {

  /** Passing time over known time; NaN when nothing is known. */
  public double availability() {
    double known = goodSeconds + badSeconds;
    return known > 0 ? goodSeconds / known : Double.NaN;
  }

  /** Failing time over known time (0 when nothing is known: no evidence of burning). */
  public double availabilityErrorRatio() {
    double known = goodSeconds + badSeconds;
    return known > 0 ? badSeconds / known : 0;
  }

  /** Slow or unanswered probes over probes (0 without probes). */
  public double latencyErrorRatio() {
    return latencyTotal > 0 ? (double) (latencyTotal - latencyGood) / latencyTotal : 0;
  }

  public long latencyBad() {
    return latencyTotal - latencyGood;
  }
}
