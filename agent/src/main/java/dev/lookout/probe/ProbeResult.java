package dev.lookout.probe;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one probe run. Either the probe got an answer ({@code failure == null}, and {@code
 * observation} says what it was) or it did not, and {@code failure} says why in words a person can
 * act on ({@code connect to 127.0.0.1:8443 refused}). A probe never throws: every failure ends up
 * here.
 *
 * <p>{@code observation} may be present with a failure too, holding what was seen before things
 * went wrong (a certificate read before the handshake failed, say).
 */
public record ProbeResult(
    Instant startedAt, Duration duration, Observation observation, String failure) {

  public static ProbeResult answered(
      Instant startedAt, Duration duration, Observation observation) {
    return new ProbeResult(startedAt, duration, observation, null);
  }

  public static ProbeResult failed(Instant startedAt, Duration duration, String failure) {
    return new ProbeResult(startedAt, duration, null, failure);
  }

  public boolean answered() {
    return failure == null;
  }

  public double seconds() {
    return duration.toNanos() / 1e9;
  }
}
