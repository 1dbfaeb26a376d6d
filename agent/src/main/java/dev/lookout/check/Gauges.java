package dev.lookout.check;

/**
 * Where a check type writes its per-type series at scrape time. The metrics package implements it,
 * so check types never import it; the {@code target} label and the agent's labels are added here.
 */
public interface Gauges {
  /**
   * One gauge point of the target.
   *
   * @param labels extra label name/value pairs ({@code "phase", "dns"})
   */
  void gauge(String name, String help, double value, String... labels);

  /** A target without series of its own. */
  Gauges NONE = (name, help, value, labels) -> {};
}
