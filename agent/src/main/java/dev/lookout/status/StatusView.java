package dev.lookout.status;

import dev.lookout.schedule.Overload;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The numbers and words the page and {@code /api/status} share, computed in one place so the
 * server-rendered page and the rows the page's script refreshes never disagree.
 */
public final class StatusView {
  private StatusView() {}

  /**
   * Who is talking: shown in the page's summary line and in {@code /api/status}.
   *
   * @param ready what {@code /readyz} says: started, and no reason in {@code notReady}
   * @param notReady why the agent is not ready, by name ({@code overloaded}: the sentence)
   */
  public record AgentInfo(
      Map<String, String> labels,
      String version,
      String shard,
      boolean ready,
      Map<String, String> notReady) {
    public AgentInfo {
      labels = new TreeMap<>(labels);
      notReady = new TreeMap<>(notReady);
    }

    public AgentInfo(Map<String, String> labels, String version, String shard, boolean ready) {
      this(labels, version, shard, ready, Map.of());
    }

    /** Some probe started more than its interval late within the last minute. */
    public boolean overloaded() {
      return notReady.containsKey(Overload.NAME);
    }
  }

  /**
   * Counts over all targets.
   *
   * @param waiting targets not probed yet
   * @param alerts targets per alert state other than {@code ok} ({@code firing}, {@code pending},
   *     {@code silenced}, …), by state word
   */
  public record Summary(
      int total, int healthy, int failing, int waiting, Map<String, Integer> alerts) {
    public Summary {
      alerts = new TreeMap<>(alerts);
    }
  }

  private static final java.util.regex.Pattern USER_INFO =
      java.util.regex.Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#\\s@]+@");

  /**
   * Text from a finding or an error with the user info of any URL in it ({@code
   * https://user:password@host/}) replaced by {@code ***}: a URL in the config may carry
   * credentials, and the page and {@code /api/status} must never show them.
   */
  public static String redact(String text) {
    if (text == null || text.indexOf('@') < 0 || !text.contains("://")) {
      return text;
    }
    return USER_INFO.matcher(text).replaceAll("$1***@");
  }

  /** Each alert state's word, made once: the page and the API name one per target. */
  private static final String[] STATE_WORDS =
      java.util.Arrays.stream(dev.lookout.alert.AlertStateMachine.State.values())
          .map(st -> st.name().toLowerCase(Locale.ROOT))
          .toArray(String[]::new);

  /** The state word: the alert state in lower case, or {@code unknown} before the first probe. */
  public static String state(TargetStatus s) {
    return s.probed() ? STATE_WORDS[s.state().ordinal()] : "unknown";
  }

  /**
   * The order of the page's rows and the API's targets: failing ones first, then by name. Not
   * probed yet counts as not failing.
   */
  public static final java.util.Comparator<TargetStatus> ORDER =
      java.util.Comparator.comparing(StatusView::listedLater).thenComparing(TargetStatus::name);

  /** False for a failing target, which is listed first; true for the others. */
  static boolean listedLater(TargetStatus s) {
    return s.healthy() || s.lastProbeAt() == null;
  }

  public static Summary summarize(List<TargetStatus> statuses) {
    int healthy = 0;
    int failing = 0;
    int waiting = 0;
    Map<String, Integer> alerts = new TreeMap<>();
    for (TargetStatus s : statuses) {
      if (!s.probed()) {
        waiting++;
        continue;
      }
      if (s.healthy()) {
        healthy++;
      } else {
        failing++;
      }
      String state = state(s);
      if (!state.equals("ok")) {
        alerts.merge(state, 1, Integer::sum);
      }
    }
    return new Summary(statuses.size(), healthy, failing, waiting, alerts);
  }

  /** {@code 12 ms}, {@code 3.4 ms}, {@code 1.42 s}: cheap, no format strings or regexes. */
  /**
   * An uptime share as a percentage, rounded down to hundredths so 99.999 % never reads as 100 %:
   * {@code 99.95 %}, {@code 80 %}; a dash when no time is known.
   */
  public static String uptime(double ratio) {
    if (Double.isNaN(ratio)) {
      return "\u2013";
    }
    // Hundredths in a long rather than Double.toString: the page shows three per target.
    long k = (long) Math.floor(ratio * 10_000);
    StringBuilder out = new StringBuilder(10).append(k / 100);
    if (k % 100 != 0) {
      hundredths(out.append('.'), k % 100);
    }
    return out.append(" %").toString();
  }

  public static String latency(double seconds) {
    if (Double.isNaN(seconds)) {
      return "\u2013";
    }
    // As Double.toString would print the rounded figure, with integer arithmetic: the page shows
    // four per target.
    if (seconds < 0.01) {
      long k = Math.round(seconds * 10_000);
      return k / 10 + "." + k % 10 + " ms";
    }
    if (seconds < 1) {
      return Math.round(seconds * 1000) + " ms";
    }
    long k = Math.round(seconds * 100);
    StringBuilder out = new StringBuilder(12).append(k / 100).append('.');
    return hundredths(out, k % 100).append(" s").toString();
  }

  /**
   * {@code 5} as {@code 05}, {@code 50} as {@code 5}, {@code 0} as {@code 0}: a fraction's digits.
   */
  private static StringBuilder hundredths(StringBuilder out, long h) {
    if (h % 10 == 0) {
      return out.append(h / 10);
    }
    return out.append(h < 10 ? "0" : "").append(h);
  }

  /** {@code 42 s}, {@code 5 min}, {@code 3 h}, {@code 2 d}: how long a state has lasted. */
  public static String age(long seconds) {
    if (seconds < 60) {
      return Math.max(0, seconds) + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + " h";
    }
    return seconds / 86_400 + " d";
  }
}
