package dev.lookout.evaluate;

/**
 * One failed expectation: which one ({@code status}, {@code p95_below}, or {@code reachable} when
 * the probe got no answer) and what was seen against what was expected, in words.
 */
public record Finding(String expectation, String message) {
  @Override
  public String toString() {
    return message;
  }
}
