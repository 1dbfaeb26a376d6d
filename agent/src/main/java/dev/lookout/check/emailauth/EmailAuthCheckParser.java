package dev.lookout.check.emailauth;

import dev.lookout.config.Choices;
import dev.lookout.config.HostPort;
import dev.lookout.config.MapReader;
import dev.lookout.probe.dns.DnsValues;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Reads {@code email_auth:} and its expectations ({@code dmarc_policy}, {@code spf_all}, {@code
 * fail_on}). Resolvers are written as in the dns check.
 */
public final class EmailAuthCheckParser {
  private static final Choices<EmailAuthExpect.Level> LEVELS =
      Choices.<EmailAuthExpect.Level>none()
          .or("fail", EmailAuthExpect.Level.FAIL)
          .or("warn", EmailAuthExpect.Level.WARN);

  public EmailAuthCheck parse(MapReader m, MapReader e) {
    String domain = m.parsed("domain", null, EmailAuthCheckParser::domain);
    if (domain == null && !m.has("domain")) {
      m.required("domain");
    }
    List<String> selectors = distinct(m.list("dkim_selectors", EmailAuthCheckParser::selector));
    List<HostPort> resolvers = m.ipAddresses("resolvers", 53);
    m.finish();

    List<String> policies =
        choices(
            e,
            "dmarc_policy",
            EmailAuthExpect.POLICIES,
            List.of(),
            s -> s.toLowerCase(Locale.ROOT));
    List<String> spfAll =
        choices(
            e,
            "spf_all",
            List.of("-all", "~all", "?all"),
            EmailAuthExpect.DEFAULT_SPF_ALL,
            s -> s.startsWith("+") ? s : s.toLowerCase(Locale.ROOT));
    EmailAuthExpect.Level failOn = e.choice("fail_on", EmailAuthExpect.Level.FAIL, LEVELS);
    e.finish();
    if (domain == null) {
      return null;
    }
    return new EmailAuthCheck(
        domain, selectors, resolvers, new EmailAuthExpect(policies, spfAll, failOn));
  }

  private static String domain(String text) {
    String n = DnsValues.name(text);
    if (n.equals(".")) {
      throw new IllegalArgumentException("\"" + text + "\" is the root, not a mail domain");
    }
    return n.substring(0, n.length() - 1);
  }

  private static String selector(String s) {
    String sel = s.trim().toLowerCase(Locale.ROOT);
    // RFC 6376 §3.1: a selector is one or more dot-separated labels.
    if (!sel.matches(
        "[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*")) {
      throw new IllegalArgumentException(
          "\"" + s + "\" is not a selector (letters, digits, hyphens; e.g. google, s1, k1)");
    }
    return sel;
  }

  /**
   * The values of a multi-valued choice, each once; {@code fallback} when none is given (or none is
   * valid: the errors already say why).
   */
  private static List<String> choices(
      MapReader e,
      String key,
      List<String> valid,
      List<String> fallback,
      UnaryOperator<String> canonical) {
    List<String> out =
        distinct(
            e.list(
                key,
                s -> {
                  String v = canonical.apply(s.trim());
                  if (!valid.contains(v)) {
                    throw new IllegalArgumentException(
                        "\""
                            + s
                            + "\" is not one of "
                            + String.join(", ", valid)
                            + (v.equals("+all") ? " (+all lets anyone send as the domain)" : ""));
                  }
                  return v;
                }));
    return out.isEmpty() ? fallback : out;
  }

  private static List<String> distinct(List<String> values) {
    return List.copyOf(new LinkedHashSet<>(values));
  }
}
