package dev.lookout.config;

import java.time.Duration;

/** The {@code defaults:} block, inherited by every target that does not override a key. */
public record Defaults(
    Duration interval, Duration timeout, Duration window, AlertPolicy alert, SloPolicy slo) {
  public static final Duration INTERVAL = Duration.ofSeconds(30);
  public static final Duration TIMEOUT = Duration.ofSeconds(10);
  public static final Duration WINDOW = Duration.ofMinutes(5);

  public Defaults(Duration interval, Duration timeout, Duration window, AlertPolicy alert) {
    this(interval, timeout, window, alert, SloPolicy.empty());
  }
}
