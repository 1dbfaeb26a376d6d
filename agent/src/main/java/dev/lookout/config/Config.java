package dev.lookout.config;

import java.util.List;
import java.util.Map;

/** A whole, validated config file: immutable, so a reload swaps one value for another. */
public record Config(
    String source,
    AgentSettings agent,
    Defaults defaults,
    Map<String, NotifierConfig> notifiers,
    List<Target> targets) {

  public Config {
    notifiers = Map.copyOf(notifiers);
    targets = List.copyOf(targets);
  }
}
