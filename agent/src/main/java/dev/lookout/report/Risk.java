package dev.lookout.report;

import java.util.Objects;

/**
 * One entry of the ranked risk list: what it is, who is hurt, what was seen against what was
 * expected, and the fix in one sentence. {@code rule} says which ranking rule placed it ({@link
 * RiskRules.Rule}); {@code level} whether it stops the launch.
 */
public record Risk(
    Level level,
    RiskRules.Rule rule,
    String target,
    String what,
    String whoIsHurt,
    String observed,
    String expected,
    String fix) {

  public Risk {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(rule, "rule");
  }

  /** Whether a risk stops the launch. */
  public enum Level {
    BLOCKER,
    RISK;

    public String word() {
      return this == BLOCKER ? "blocker" : "risk";
    }
  }
}
