package dev.lookout.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named destination for alerts, from the {@code notifiers:} block. Each notifier type owns its
 * record (next to its notifier, see {@link NotifierSyntax}); only the embedded {@link Log} default
 * lives here, because the config contract names it. Records holding secrets (webhook URLs,
 * passwords, HMAC keys) override {@code toString} so a secret never reaches a log line or an error
 * message by accident.
 */
public interface NotifierConfig {
  /** The notifier that needs no setup: alerts go to the agent's log when none is configured. */
  String IMPLICIT_LOG = "log";

  String name();

  /** The {@code type:} key, also the notifier type's key in the registry. */
  String type();

  Delivery delivery();

  /**
   * Every notifier the agent runs: the configured ones, plus the implicit {@code log} unless one is
   * named so (then notifications stored for it by a run without notifiers still have a route).
   */
  static Map<String, NotifierConfig> running(Map<String, NotifierConfig> configured) {
    Map<String, NotifierConfig> out = new LinkedHashMap<>(configured);
    out.putIfAbsent(IMPLICIT_LOG, new Log(IMPLICIT_LOG));
    return out;
  }

  /**
   * The names an {@code alert.notify} list may use (and its default): the configured notifiers, or
   * {@code log} alone when none is configured.
   */
  static List<String> nameable(Map<String, NotifierConfig> configured) {
    return configured.isEmpty() ? List.of(IMPLICIT_LOG) : List.copyOf(configured.keySet());
  }

  /** How hard the outbox tries: a timeout per attempt, and when to give up on a notification. */
  record Delivery(Duration attemptTimeout, Duration giveUpAfter) {
    public static final Delivery DEFAULT =
        new Delivery(Duration.ofSeconds(10), Duration.ofHours(24));

    public Delivery {
      if (attemptTimeout.isZero() || attemptTimeout.isNegative() || giveUpAfter.isNegative()) {
        throw new IllegalArgumentException("timeout and give_up_after must be positive");
      }
    }
  }

  /** Writes alerts to the agent's log: the embedded default when nothing else is configured. */
  record Log(String name) implements NotifierConfig {
    @Override
    public String type() {
      return IMPLICIT_LOG;
    }

    @Override
    public Delivery delivery() {
      return Delivery.DEFAULT;
    }
  }
}
