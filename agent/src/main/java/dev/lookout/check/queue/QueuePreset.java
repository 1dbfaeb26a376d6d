package dev.lookout.check.queue;

import dev.lookout.check.queue.QueueCheck.AgeUnit;
import dev.lookout.check.queue.QueueCheck.At;
import dev.lookout.check.queue.QueueCheck.Depth;
import dev.lookout.check.queue.QueueCheck.Sum;

/**
 * Where the backlog lives in the stats endpoints of popular queues, so a user names the product
 * instead of learning its JSON. Explicit {@code depth}, {@code consumers} and {@code oldest_age}
 * keys still override a preset's choice.
 */
public enum QueuePreset {
  /**
   * RabbitMQ management API, one queue: {@code GET /api/queues/{vhost}/{name}}. Ready messages are
   * the backlog (unacknowledged ones are being worked on); {@code head_message_timestamp} is the
   * first message's {@code timestamp} property in Unix seconds, absent when publishers set none.
   */
  RABBITMQ(
      "rabbitmq",
      new At("/messages_ready"),
      "/consumers",
      "/head_message_timestamp",
      AgeUnit.EPOCH_SECONDS),
  /**
   * Sidekiq's web UI: {@code GET /stats}. {@code enqueued} counts jobs in every queue, {@code
   * processes} the running Sidekiq processes, {@code default_latency} the age in seconds of the
   * oldest job in the {@code default} queue.
   */
  SIDEKIQ(
      "sidekiq",
      new At("/sidekiq/enqueued"),
      "/sidekiq/processes",
      "/sidekiq/default_latency",
      AgeUnit.SECONDS),
  /**
   * Celery's Flower: {@code GET /api/queues/length}, which lists {@code active_queues} with the
   * {@code messages} waiting in each. It reports neither consumers nor ages.
   */
  FLOWER("flower", new Sum("/active_queues", "/messages"), null, null, AgeUnit.SECONDS);

  private final String key;
  private final Depth depth;
  private final String consumers;
  private final String oldestAge;
  private final AgeUnit oldestAgeUnit;

  QueuePreset(String key, Depth depth, String consumers, String oldestAge, AgeUnit unit) {
    this.key = key;
    this.depth = depth;
    this.consumers = consumers;
    this.oldestAge = oldestAge;
    this.oldestAgeUnit = unit;
  }

  public String key() {
    return key;
  }

  public Depth depth() {
    return depth;
  }

  /** Pointer to the consumer count, or null when the product does not report one. */
  public String consumers() {
    return consumers;
  }

  /** Pointer to the oldest message's age or timestamp, or null when not reported. */
  public String oldestAge() {
    return oldestAge;
  }

  public AgeUnit oldestAgeUnit() {
    return oldestAgeUnit;
  }
}
