package dev.lookout.config;

import java.util.Locale;

/**
 * How much a target matters to the business, as its owner says ({@code impact:} on a target): it
 * steers the launch-readiness report's ranking ({@code lookout report}). Unset, the report ranks a
 * target by what it checks and by its labels ({@code flow: checkout}).
 */
public enum Impact {
  /** Failing stops the launch: checkout, login, signup. */
  BLOCKER,
  /** Failing hurts customers, but the launch can go on with it on the list. */
  HIGH,
  /** Failing is worth knowing, not worth waiting for. */
  LOW;

  public static final Choices<Impact> CHOICES = Choices.of(values(), Impact::key);

  /** The config word: {@code blocker}, {@code high}, {@code low}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
