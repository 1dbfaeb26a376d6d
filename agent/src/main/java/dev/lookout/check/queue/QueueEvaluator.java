package dev.lookout.check.queue;

import dev.lookout.config.Durations;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.DepthSeries.Trend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code expect:} rules of a queue target, worded as a person on call would say them: {@code
 * backlog growing 72 messages/min over the last 10 min, expected below 50}. The growth rules use
 * the trend fitted to the target's depth history, which the caller keeps between probes.
 */
final class QueueEvaluator {
  private QueueEvaluator() {}

  static List<Finding> evaluate(QueueExpect e, QueueObservation o, Trend trend) {
    List<Finding> out = new ArrayList<>();
    if (e.depthBelow() != null && o.depth() >= e.depthBelow()) {
      out.add(
          new Finding(
              "depth_below",
              "backlog " + messages(o.depth()) + ", expected below " + e.depthBelow()));
    }
    if (e.growthPerMinBelow() != null
        && trend.known()
        && trend.perMinute() >= e.growthPerMinBelow()) {
      out.add(
          new Finding(
              "growth_per_min_below",
              "backlog growing "
                  + rate(trend.perMinute())
                  + " messages/min over the last "
                  + span(trend.span())
                  + ", expected below "
                  + rate(e.growthPerMinBelow())));
    }
    consumers(e, o, out);
    if (e.oldestAgeBelow() != null
        && o.hasOldestAge()
        && o.oldestAgeSeconds() >= e.oldestAgeBelow().toNanos() / 1e9) {
      out.add(
          new Finding(
              "oldest_age_below",
              "oldest message is "
                  + Durations.human(roundToSecond(seconds(o.oldestAgeSeconds())))
                  + " old, expected below "
                  + Durations.human(e.oldestAgeBelow())));
    }
    timeToLimit(e, o, trend, out);
    return out;
  }

  private static void consumers(QueueExpect e, QueueObservation o, List<Finding> out) {
    if (e.consumersAtLeast() == null
        || !o.hasConsumers()
        || o.consumers() >= e.consumersAtLeast()) {
      return;
    }
    long n = (long) o.consumers();
    String message =
        n == 0 && o.depth() > 0
            ? "0 consumers with " + messages(o.depth()) + " waiting"
            : n
                + (n == 1 ? " consumer" : " consumers")
                + ", expected at least "
                + e.consumersAtLeast();
    out.add(new Finding("consumers_at_least", message));
  }

  private static void timeToLimit(
      QueueExpect e, QueueObservation o, Trend trend, List<Finding> out) {
    if (e.timeToLimitAbove() == null || o.depth() >= e.depthBelow()) {
      // Already past the limit: depth_below has said so; a countdown to it would be noise.
      return;
    }
    double left = trend.secondsToReach(e.depthBelow());
    if (Double.isNaN(left) || left > e.timeToLimitAbove().toNanos() / 1e9) {
      return;
    }
    out.add(
        new Finding(
            "time_to_limit_above",
            "backlog reaches "
                + e.depthBelow()
                + " in "
                + about(left)
                + " at the current rate ("
                + rate(trend.perMinute())
                + " messages/min), expected more than "
                + Durations.human(e.timeToLimitAbove())));
  }

  /** {@code 1520 messages}, {@code 1 message}; fractions only when the endpoint sent them. */
  static String messages(double depth) {
    String n =
        depth == Math.rint(depth)
            ? Long.toString((long) depth)
            : String.format(Locale.ROOT, "%.1f", depth);
    return n + (depth == 1 ? " message" : " messages");
  }

  /** Whole numbers from 10 up, one decimal below: {@code 72}, {@code 2.5}. */
  static String rate(double perMinute) {
    if (Math.abs(perMinute) >= 10) {
      return Long.toString(Math.round(perMinute));
    }
    String s = String.format(Locale.ROOT, "%.1f", perMinute);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  /** A prediction, so rounded the way a person would say it: {@code about 4 min}. */
  static String about(double seconds) {
    if (seconds < 1) {
      return "under a second";
    }
    if (seconds < 90) {
      return "about " + Math.round(seconds) + " s";
    }
    if (seconds < 90 * 60) {
      return "about " + Math.round(seconds / 60) + " min";
    }
    if (seconds < 36 * 3600) {
      return "about " + Math.round(seconds / 3600) + " h";
    }
    return "about " + Math.round(seconds / 86400) + " d";
  }

  /** How far back the fit reaches: {@code 10 min}, {@code 45 s}. */
  static String span(Duration d) {
    long s = Math.round(d.toMillis() / 1000.0);
    if (s < 120) {
      return s + " s";
    }
    if (s < 2 * 3600) {
      return Math.round(s / 60.0) + " min";
    }
    return Durations.human(Duration.ofMinutes(Math.round(s / 60.0)));
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private static Duration roundToSecond(Duration d) {
    return Duration.ofSeconds(Math.round(d.toMillis() / 1000.0));
  }
}
