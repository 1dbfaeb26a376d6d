package dev.lookout.alert;

import dev.lookout.config.Durations;
import dev.lookout.evaluate.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words of a notification, shared by every notifier before each escapes them for its medium: a
 * subject a person can triage from, and per event a headline and its findings. Text from the
 * outside world is put on one line and truncated here; escaping is the notifier's job.
 */
public final class Messages {
  /** The expectation of the finding that says who acknowledged an incident, and when. */
  public static final String ACKNOWLEDGED = "acknowledged";

  static final int MAX_FINDING = 300;
  static final int MAX_FINDINGS = 10;

  private Messages() {}

  /** {@code [FIRING] homepage: status 503 …}, {@code [FIRING ×3] a, b, c}, {@code [RESOLVED] …}. */
  public static String subject(Notification n) {
    if (n.test()) {
      return "[TEST] Lookout test notification to \"" + oneLine(n.notifier(), 60) + "\"";
    }
    List<AlertEvent> events = n.events();
    if (events.size() == 1) {
      AlertEvent e = events.get(0);
      String tail =
          e.kind() == AlertEvent.Kind.RESOLVED
              ? " recovered after " + Durations.human(e.duration())
              : e.findings().isEmpty() ? "" : ": " + e.findings().get(0).message();
      if (e.kind() == AlertEvent.Kind.ESCALATED && !e.findings().isEmpty()) {
        tail = ", not acknowledged: " + e.findings().get(0).message();
      }
      return oneLine("[" + label(e.kind()) + "] " + e.target() + tail, 160);
    }
    long firing = n.firingCount();
    long resolved = events.size() - firing;
    List<String> names = new ArrayList<>();
    events.forEach(e -> names.add(e.target()));
    String head =
        firing > 0 && resolved > 0
            ? "[FIRING " + firing + ", RESOLVED " + resolved + "] "
            : firing > 0 ? "[FIRING " + firing + "] " : "[RESOLVED " + resolved + "] ";
    return oneLine(head + String.join(", ", names), 160);
  }

  /** {@code FIRING}, {@code UPDATED}, {@code STILL FIRING}, {@code RESOLVED}. */
  public static String label(AlertEvent.Kind kind) {
    return switch (kind) {
      case FIRING -> "FIRING";
      case UPDATED -> "UPDATED";
      case REMINDER -> "STILL FIRING";
      case RESOLVED -> "RESOLVED";
      case ESCALATED -> "ESCALATED";
      case ACKNOWLEDGED -> "ACKNOWLEDGED";
    };
  }

  /** One line per event: {@code FIRING homepage [critical] since 2026-12-01T19:02:32Z (3 min)}. */
  public static String headline(AlertEvent e) {
    String when =
        e.kind() == AlertEvent.Kind.RESOLVED
            ? " after " + Durations.human(e.duration())
            : e.failingSince() == null
                ? ""
                : " since "
                    + seconds(e.failingSince())
                    + " ("
                    + Durations.human(e.duration())
                    + ")";
    return label(e.kind())
        + " "
        + oneLine(e.target(), 120)
        + " ["
        + oneLine(e.severity(), 40)
        + "]"
        + when;
  }

  /** The findings of an event, one line each, capped in length and number. */
  public static List<String> findings(AlertEvent e) {
    List<String> out = new ArrayList<>();
    if (e.kind() == AlertEvent.Kind.RESOLVED) {
      // The last failing findings are history now; only a reason for resolving is news, and who
      // took it on.
      e.findings().stream()
          .filter(
              f ->
                  f.expectation().equals(AlertStateMachine.REMOVED)
                      || f.expectation().equals(ACKNOWLEDGED))
          .forEach(f -> out.add(oneLine(f.message(), MAX_FINDING)));
      return out;
    }
    for (Finding f : e.findings()) {
      if (out.size() == MAX_FINDINGS) {
        out.add("… and " + (e.findings().size() - MAX_FINDINGS) + " more");
        break;
      }
      out.add(oneLine(f.message(), MAX_FINDING));
    }
    return out;
  }

  /** An instant to the second, as people read it in an alert: {@code 2026-12-01T19:02:32Z}. */
  public static String seconds(java.time.Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  /** {@code 1 error}, {@code 3 errors}: a count with its noun. */
  public static String count(long n, String noun) {
    return n + " " + (n == 1 ? noun : noun + "s");
  }

  /** The whole notification as plain text, without links. */
  public static String plainText(Notification n, Map<String, String> agentLabels) {
    return plainText(n, agentLabels, AlertLinks.none());
  }

  /**
   * The whole notification as plain text (log line, mail text part, Slack fallback), with an ack
   * link under each event that still wants someone, and the status page last.
   */
  public static String plainText(
      Notification n, Map<String, String> agentLabels, AlertLinks links) {
    StringBuilder sb = new StringBuilder();
    if (n.test()) {
      sb.append("This is a test notification from Lookout. If you can read it, \"")
          .append(n.notifier())
          .append("\" works.\n");
    }
    for (AlertEvent e : n.events()) {
      sb.append(headline(e)).append('\n');
      for (String f : findings(e)) {
        sb.append("  - ").append(f).append('\n');
      }
      String ack = links.ack(e);
      if (ack != null) {
        sb.append("  acknowledge: ").append(ack).append('\n');
      }
    }
    if (!agentLabels.isEmpty()) {
      sb.append("agent: ").append(labels(agentLabels)).append('\n');
    }
    if (links.status() != null) {
      sb.append("status: ").append(links.status()).append('\n');
    }
    return sb.toString();
  }

  public static String labels(Map<String, String> labels) {
    List<String> parts = new ArrayList<>();
    labels.forEach((k, v) -> parts.add(k + "=" + v));
    return oneLine(String.join(", ", parts), 200);
  }

  /** Removes line breaks and control characters, and truncates with an ellipsis. */
  public static String oneLine(String s, int max) {
    return dev.lookout.probe.Text.oneLine(s, max);
  }

  /** The targets of a notification for a log line: the first ten, then how many more. */
  public static String targetList(Notification n) {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    n.events().forEach(e -> names.add(e.target()));
    if (names.isEmpty()) {
      return "no target (a test)";
    }
    List<String> shown = new ArrayList<>();
    for (String name : names) {
      if (shown.size() == 10) {
        shown.add("and " + (names.size() - 10) + " more");
        break;
      }
      shown.add(oneLine(name, 120));
    }
    return String.join(", ", shown);
  }

  /** The kinds of event in a notification, e.g. {@code FIRING, RESOLVED}. */
  public static String eventKinds(Notification n) {
    java.util.Set<String> kinds = new java.util.TreeSet<>();
    n.events().forEach(e -> kinds.add(e.kind().name()));
    return kinds.isEmpty() ? "TEST" : String.join(", ", kinds);
  }

  static String lower(AlertEvent.Kind k) {
    return k.name().toLowerCase(Locale.ROOT);
  }
}
