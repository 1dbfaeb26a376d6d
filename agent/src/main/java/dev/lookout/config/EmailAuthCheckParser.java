package dev.lookout.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code email_auth:} and its expectations ({@code dmarc_policy}, {@code spf_all}, {@code
 * fail_on}). Resolvers are written as in the dns check.
 */
public final class EmailAuthCheckParser {

  public EmailAuthCheck parse(MapReader m, MapReader e) {
    String domain = m.parsed("domain", null, EmailAuthCheckParser::domain);
    if (domain == null && !m.has("domain")) {
      m.required("domain");
    }
    List<String> selectors = selectors(m);
    List<HostPort> resolvers = DnsCheckParser.servers(m, "resolvers");
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
    EmailAuthExpect.Level failOn =
        e.parsed("fail_on", EmailAuthExpect.Level.FAIL, EmailAuthCheckParser::level);
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

  private static List<String> selectors(MapReader m) {
    List<String> out = new ArrayList<>();
    Node node = m.node("dkim_selectors");
    if (node == null) {
      return out;
    }
    for (Node item : m.items(node)) {
      String s = m.reader().text(item, m.describe("dkim_selectors"));
      if (s == null) {
        continue;
      }
      String sel = s.trim().toLowerCase(Locale.ROOT);
      // RFC 6376 §3.1: a selector is one or more dot-separated labels.
      if (!sel.matches(
          "[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*")) {
        m.reader()
            .error(
                item,
                m.describe("dkim_selectors")
                    + ": \""
                    + s
                    + "\" is not a selector (letters, digits, hyphens; e.g. google, s1, k1)");
      } else if (!out.contains(sel)) {
        out.add(sel);
      }
    }
    return out;
  }

  private static List<String> choices(
      MapReader e,
      String key,
      List<String> valid,
      List<String> fallback,
      java.util.function.UnaryOperator<String> canonical) {
    Node node = e.node(key);
    if (node == null) {
      return fallback;
    }
    List<String> out = new ArrayList<>();
    for (Node item : e.items(node)) {
      String s = e.reader().text(item, e.describe(key));
      if (s == null) {
        continue;
      }
      String v = canonical.apply(s.trim());
      if (valid.contains(v)) {
        if (!out.contains(v)) {
          out.add(v);
        }
      } else {
        e.reader()
            .error(
                item,
                e.describe(key)
                    + ": \""
                    + s
                    + "\" is not one of "
                    + String.join(", ", valid)
                    + (v.equals("+all") ? " (+all lets anyone send as the domain)" : ""));
      }
    }
    return out.isEmpty() ? fallback : out;
  }

  private static EmailAuthExpect.Level level(String text) {
    return switch (text.trim()) {
      case "fail" -> EmailAuthExpect.Level.FAIL;
      case "warn" -> EmailAuthExpect.Level.WARN;
      default -> throw new IllegalArgumentException("\"" + text + "\" is not one of fail, warn");
    };
  }
}
