package dev.lookout.check.emailauth;

import dev.lookout.check.emailauth.EmailAuthExpect.Level;
import java.util.List;
import java.util.Objects;

/**
 * One problem with the domain's mail authentication: which part ({@code spf}, {@code dkim}, {@code
 * dmarc}, {@code mx}), how serious, the record it is about, what is wrong, and a one-line fix that
 * names the RFC section.
 *
 * @param about the record: {@code TXT example.com "v=spf1 include:… -all"}, or the name looked up
 */
public record MailFinding(String check, Level level, String about, String problem, String fix) {
  public static final List<String> CHECKS = List.of("spf", "dkim", "dmarc", "mx");

  public MailFinding {
    if (!CHECKS.contains(check)) {
      throw new IllegalArgumentException("unknown check " + check);
    }
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(about, "about");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(fix, "fix");
  }

  /** {@code SPF fail: <problem> — <record> — fix: <hint>}: one line for alerts and status. */
  public String message() {
    return check.toUpperCase(java.util.Locale.ROOT)
        + " "
        + level.label()
        + ": "
        + problem
        + " — "
        + about
        + " — fix: "
        + fix;
  }

  @Override
  public String toString() {
    return message();
  }
}
