package dev.lookout.status;

import java.util.Map;

/**
 * How a state word looks on the page: a CSS class (the colour), a symbol and a word, so the state
 * reads without colour. A word not in the map (a state added later) still shows, as itself in a
 * neutral colour. {@code status.js} holds the same small map for refreshed rows.
 *
 * @param css the class suffix: {@code ok}, {@code warn}, {@code bad}, {@code muted} or {@code
 *     neutral}
 */
public record StateStyle(String css, String symbol, String word) {
  private static final Map<String, StateStyle> KNOWN =
      Map.of(
          "ok", new StateStyle("ok", "\u2713", "ok"),
          "pending", new StateStyle("warn", "!", "pending"),
          "firing", new StateStyle("bad", "\u2717", "firing"),
          "silenced", new StateStyle("muted", "~", "silenced"),
          "unknown", new StateStyle("neutral", "\u25cb", "waiting"));

  public static StateStyle of(String state) {
    StateStyle s = KNOWN.get(state);
    return s != null ? s : new StateStyle("neutral", "\u2022", state);
  }
}
