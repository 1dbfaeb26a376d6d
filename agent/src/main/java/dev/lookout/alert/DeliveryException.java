package dev.lookout.alert;

import java.time.Duration;

/**
 * A failed delivery attempt, described without secrets ({@code 500 from hooks.slack.com}, never the
 * URL); {@code retryAfter} carries a receiver's {@code Retry-After} so the outbox waits as long as
 * it was asked to.
 */
public final class DeliveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Duration retryAfter;

  public DeliveryException(String message, Duration retryAfter) {
    super(message, null, false, false);
    this.retryAfter = retryAfter;
  }

  public DeliveryException(String message) {
    this(message, null);
  }

  /** The wait the receiver asked for, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
