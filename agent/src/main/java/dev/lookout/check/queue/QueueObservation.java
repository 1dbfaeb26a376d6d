package dev.lookout.check.queue;

import dev.lookout.probe.Observation;

/**
 * What a queue's stats endpoint said, read at one moment. Unknown values are NaN, never a value
 * carried over from an earlier probe.
 *
 * @param depth messages waiting (the backlog)
 * @param consumers consumers attached, NaN when not read
 * @param oldestAgeSeconds age of the oldest waiting message in seconds, NaN when not read or not
 *     reported; 0 for an empty queue
 */
public record QueueObservation(double depth, double consumers, double oldestAgeSeconds)
    implements Observation {
  public QueueObservation {
    if (!(depth >= 0) || Double.isInfinite(depth)) {
      throw new IllegalArgumentException("depth must be a finite number of 0 or more: " + depth);
    }
  }

  public boolean hasConsumers() {
    return !Double.isNaN(consumers);
  }

  public boolean hasOldestAge() {
    return !Double.isNaN(oldestAgeSeconds);
  }
}
