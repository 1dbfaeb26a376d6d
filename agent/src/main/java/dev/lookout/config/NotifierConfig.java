package dev.lookout.config;

/** A named destination for alerts, from the {@code notifiers:} block. */
public sealed interface NotifierConfig permits NotifierConfig.Log {
  String name();

  String type();

  /** Writes alerts to the agent's log: the embedded default when nothing else is configured. */
  record Log(String name) implements NotifierConfig {
    @Override
    public String type() {
      return "log";
    }
  }
}
