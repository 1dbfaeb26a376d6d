package dev.lookout.config;

import java.util.List;
import java.util.Map;

/**
 * A whole, validated config file: immutable, so a reload swaps one value for another. Its warnings
 * are about the file as written; they never stop it from running. {@code routes} is {@code
 * alert.routes}, first match wins. {@code handover} is {@link Handover#NONE} when the file has no
 * {@code handover:} section.
 */
public record Config(
    String source,
    AgentSettings agent,
    Defaults defaults,
    Map<String, NotifierConfig> notifiers,
    List<Target> targets,
    List<ConfigWarning> warnings,
    List<AlertRoute> routes,
    Handover handover) {

  public Config {
    notifiers = Map.copyOf(notifiers);
    targets = List.copyOf(targets);
    warnings = List.copyOf(warnings);
    routes = List.copyOf(routes);
    handover = handover == null ? Handover.NONE : handover;
  }

  /** A config without a handover section. */
  public Config(
      String source,
      AgentSettings agent,
      Defaults defaults,
      Map<String, NotifierConfig> notifiers,
      List<Target> targets,
      List<ConfigWarning> warnings,
      List<AlertRoute> routes) {
    this(source, agent, defaults, notifiers, targets, warnings, routes, Handover.NONE);
  }

  /** A config without {@code alert.routes}. */
  public Config(
      String source,
      AgentSettings agent,
      Defaults defaults,
      Map<String, NotifierConfig> notifiers,
      List<Target> targets,
      List<ConfigWarning> warnings) {
    this(source, agent, defaults, notifiers, targets, warnings, List.of());
  }

  /** A config without warnings (built in code rather than loaded from a file). */
  public Config(
      String source,
      AgentSettings agent,
      Defaults defaults,
      Map<String, NotifierConfig> notifiers,
      List<Target> targets) {
    this(source, agent, defaults, notifiers, targets, List.of());
  }
}
