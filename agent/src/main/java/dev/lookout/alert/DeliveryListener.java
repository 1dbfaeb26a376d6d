package dev.lookout.alert;

import java.time.Instant;

/**
 * Hears how each notification fared ({@code sent}, {@code failed}, {@code expired}, {@code
 * superseded}), on the dispatcher's loop: the incident log records it per incident. Must return at
 * once.
 */
@FunctionalInterface
public interface DeliveryListener {
  DeliveryListener NONE = (n, result, at, detail) -> {};

  /** {@code detail}: why it failed (free of secrets), or null. */
  void outcome(Notification n, String result, Instant at, String detail);
}
