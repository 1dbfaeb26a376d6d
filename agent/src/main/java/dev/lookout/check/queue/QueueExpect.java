package dev.lookout.check.queue;

import java.time.Duration;

/**
 * The {@code expect:} block of a queue target; null fields are not checked.
 *
 * @param depthBelow the backlog must stay below this many messages
 * @param growthPerMinBelow the backlog's growth (least-squares slope over the window) must stay
 *     below this many messages per minute
 * @param consumersAtLeast at least this many consumers must be attached
 * @param oldestAgeBelow the oldest waiting message must be younger than this
 * @param timeToLimitAbove at the current growth rate, {@code depth_below} must be further away than
 *     this
 */
public record QueueExpect(
    Long depthBelow,
    Double growthPerMinBelow,
    Integer consumersAtLeast,
    Duration oldestAgeBelow,
    Duration timeToLimitAbove) {

  public QueueExpect {
    if (depthBelow != null && depthBelow <= 0) {
      throw new IllegalArgumentException("depth_below must be positive");
    }
    if (growthPerMinBelow != null && !(growthPerMinBelow > 0)) {
      throw new IllegalArgumentException("growth_per_min_below must be positive");
    }
    if (timeToLimitAbove != null && depthBelow == null) {
      throw new IllegalArgumentException("time_to_limit_above needs depth_below");
    }
  }
}
