package dev.lookout.evaluate;

import java.util.List;

/** The judgement of one probe: healthy when no expectation failed. */
public record Verdict(List<Finding> findings) {
  public static final Verdict HEALTHY = new Verdict(List.of());

  public Verdict {
    findings = List.copyOf(findings);
  }

  public boolean healthy() {
    return findings.isEmpty();
  }
}
