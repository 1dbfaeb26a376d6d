package dev.lookout.config;

import java.time.Duration;

/** The {@code defaults:} block, inherited by every target that does not override a key. */
public record Defaults(Duration interval, Duration timeout, Duration window, AlertPolicy alert) {
  public static final Duration INTERVAL = Duration.ofSeconds(30);
  public static final Duration TIMEOUT = Duration.ofSeconds(10);
  public static final Duration WINDOW = Duration.ofMinutes(5);
}
