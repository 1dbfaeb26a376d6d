package dev.lookout.check.emailauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Address;

/**
 * An SPF record split into its terms and checked against the grammar of RFC 7208 §12, each error
 * naming the character where its term starts. Pure parsing: nothing is looked up.
 */
final class SpfRecord {
  static final Pattern VERSION = Pattern.compile("(?i)^v=spf1(?: |$)");
  private static final Pattern MODIFIER = Pattern.compile("^([A-Za-z][A-Za-z0-9_.-]*)=(.*)$");
  private static final Pattern MECHANISM =
      Pattern.compile("^([+?~-]?)([A-Za-z][A-Za-z0-9_.-]*)(.*)$");
  private static final Pattern MACRO =
      Pattern.compile("%(?:\\{([A-Za-z])(\\d*)([rR]?)([.\\-+,/_=]*)\\}|%|_|-)?");
  private static final Pattern DUAL_CIDR = Pattern.compile("^(.*?)(/\\d+)?(//\\d+)?$");

  /**
   * One directive or modifier.
   *
   * @param position 1-based character where the term starts in the record
   * @param qualifier '+', '-', '~' or '?' (mechanisms; '+' when none is written), or 0
   * @param name the mechanism or modifier name, lower-case
   * @param argument the domain-spec or network after {@code :} or {@code =} (without a CIDR
   *     length), or null
   */
  record Term(int position, String text, char qualifier, String name, String argument) {
    boolean modifier() {
      return qualifier == 0;
    }

    boolean hasMacro() {
      return argument != null && argument.indexOf('%') >= 0;
    }
  }

  /** A syntax error: where, which term, and what is wrong. */
  record Error(int position, String term, String problem) {
    String describe() {
      return "syntax error at character " + position + " (\"" + term + "\"): " + problem;
    }
  }

  final List<Term> terms = new ArrayList<>();
  final List<Error> errors = new ArrayList<>();

  static boolean isSpf(String txt) {
    return VERSION.matcher(txt).find();
  }

  SpfRecord(String text) {
    int i = "v=spf1".length();
    int redirects = 0;
    int exps = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ' ') {
        i++;
        continue;
      }
      int end = text.indexOf(' ', i);
      end = end < 0 ? text.length() : end;
      String t = text.substring(i, end);
      Term term = term(i + 1, t);
      if (term != null) {
        terms.add(term);
        redirects += term.name().equals("redirect") ? 1 : 0;
        exps += term.name().equals("exp") && term.modifier() ? 1 : 0;
        if (redirects > 1 && term.name().equals("redirect")
            || exps > 1 && term.name().equals("exp")) {
          errors.add(new Error(i + 1, t, term.name() + "= may appear only once (RFC 7208 §6)"));
        }
      }
      i = end;
    }
  }

  private Term term(int position, String t) {
    for (int k = 0; k < t.length(); k++) {
      char c = t.charAt(k);
      if (c < 0x21 || c > 0x7e) {
        errors.add(
            new Error(
                position, t, "only visible ASCII characters are allowed, separated by spaces"));
        return null;
      }
    }
    Matcher mod = MODIFIER.matcher(t);
    Matcher mech = MECHANISM.matcher(t);
    if (mod.matches() && !t.contains(":") || mod.matches() && t.indexOf('=') < t.indexOf(':')) {
      return modifier(position, t, mod.group(1).toLowerCase(Locale.ROOT), mod.group(2));
    }
    if (!mech.matches()) {
      errors.add(new Error(position, t, "not a mechanism or modifier"));
      return null;
    }
    char q = mech.group(1).isEmpty() ? '+' : mech.group(1).charAt(0);
    String name = mech.group(2).toLowerCase(Locale.ROOT);
    String rest = mech.group(3);
    String problem = mechanism(name, rest);
    if (problem != null) {
      errors.add(new Error(position, t, problem));
      return null;
    }
    String arg = rest.startsWith(":") ? withoutCidr(rest.substring(1)) : null;
    if (name.equals("ip4") || name.equals("ip6")) {
      arg = rest.substring(1);
    }
    return new Term(position, t, q, name, arg);
  }

  private static String withoutCidr(String text) {
    Matcher m = DUAL_CIDR.matcher(text);
    return m.matches() ? m.group(1) : text;
  }

  private Term modifier(int position, String t, String name, String value) {
    if (name.equals("redirect") || name.equals("exp")) {
      String problem = domainSpec(value);
      if (problem != null) {
        errors.add(new Error(position, t, problem));
        return null;
      }
    } else {
      String problem = macroString(value, ALL_MACROS);
      if (problem != null) {
        errors.add(new Error(position, t, problem));
        return null;
      }
    }
    return new Term(position, t, (char) 0, name, value);
  }

  /** Why the mechanism is malformed, or null. */
  private static String mechanism(String name, String rest) {
    switch (name) {
      case "all":
        return rest.isEmpty() ? null : "all takes no argument";
      case "include":
      case "exists":
        if (!rest.startsWith(":") || rest.length() == 1) {
          return name + " needs a domain: " + name + ":example.com";
        }
        return domainSpec(rest.substring(1));
      case "a":
      case "mx":
        return aOrMx(name, rest);
      case "ptr":
        if (rest.isEmpty()) {
          return null;
        }
        return rest.startsWith(":") ? domainSpec(rest.substring(1)) : "ptr takes :domain";
      case "ip4":
        return rest.startsWith(":")
            ? network(rest.substring(1), Address.IPv4, 32)
            : "ip4 needs :network";
      case "ip6":
        return rest.startsWith(":")
            ? network(rest.substring(1), Address.IPv6, 128)
            : "ip6 needs :network";
      default:
        return "\""
            + name
            + "\" is not a mechanism (all, include, a, mx, ptr, ip4, ip6, exists; RFC 7208 §5)";
    }
  }

  private static String aOrMx(String name, String rest) {
    Matcher m = DUAL_CIDR.matcher(rest);
    m.matches();
    String domain = m.group(1);
    String problem = cidr(m.group(2), 1, 32);
    if (problem == null) {
      problem = cidr(m.group(3), 2, 128);
    }
    if (problem != null) {
      return problem;
    }
    if (domain.isEmpty()) {
      return null;
    }
    if (!domain.startsWith(":") || domain.length() == 1) {
      return name + " takes :domain and /prefix lengths, not \"" + domain + "\"";
    }
    return domainSpec(domain.substring(1));
  }

  /** RFC 7208 §5.6: ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT), ip6 likewise up to 3. */
  private static final Pattern CIDR_DIGITS = Pattern.compile("0|[1-9][0-9]{0,2}");

  private static String cidr(String text, int slashes, int max) {
    if (text == null) {
      return null;
    }
    String digits = text.substring(slashes);
    if (!CIDR_DIGITS.matcher(digits).matches() || Integer.parseInt(digits) > max) {
      return "prefix length " + text + " is out of range (0 to " + max + ")";
    }
    return null;
  }

  /**
   * RFC 7208 §5.6: {@code ip4:} takes an ip4-network and at most one ip4-cidr-length ({@code /24}),
   * {@code ip6:} an ip6-network and one ip6-cidr-length; a bare or doubled slash is no length.
   */
  private static String network(String text, int family, int max) {
    int slash = text.indexOf('/');
    String ip = slash < 0 ? text : text.substring(0, slash);
    String kind = family == Address.IPv4 ? "IPv4" : "IPv6";
    boolean valid =
        family == Address.IPv4 ? Address.isDottedQuad(ip) : Address.toByteArray(ip, family) != null;
    if (!valid || ip.isEmpty()) {
      return "\"" + ip + "\" is not an " + kind + " address";
    }
    if (slash < 0) {
      return null;
    }
    String prefix = text.substring(slash);
    if (!CIDR_DIGITS.matcher(prefix.substring(1)).matches()) {
      return "\""
          + prefix
          + "\" is not a prefix length (write /0 to /"
          + max
          + " after the address, RFC 7208 §5.6)";
    }
    return cidr(prefix, 1, max);
  }

  /**
   * RFC 7208 §7.1 domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) /
   * macro-expand. Every other character is a macro-literal (%x21-24 / %x26-7E, so {@code :} and
   * {@code /} too); only the last label is held to the toplabel rule. The macros c, r and t are for
   * explanation text only (§7.3), never in a domain-spec, not even exp='s.
   */
  private static String domainSpec(String spec) {
    String problem = macroString(spec, DOMAIN_MACROS);
    if (problem != null) {
      return problem;
    }
    Matcher m = MACRO.matcher(spec);
    int literalsFrom = 0;
    while (m.find()) {
      if (m.end() == spec.length()) {
        return null; // ends in a macro-expand
      }
      literalsFrom = m.end();
    }
    String tail = spec.substring(literalsFrom);
    String plain = tail.endsWith(".") ? tail.substring(0, tail.length() - 1) : tail;
    int dot = plain.lastIndexOf('.');
    if (dot < 0 || dot == plain.length() - 1) {
      return "\"" + spec + "\" is not a domain (it needs a dot and a top-level label)";
    }
    if (!TOPLABEL.matcher(plain.substring(dot + 1)).matches()) {
      return "\"" + spec + "\" does not end in a top-level label (RFC 7208 §7.1)";
    }
    return null;
  }

  /** toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum ). */
  private static final Pattern TOPLABEL =
      Pattern.compile("(?i)[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9]");

  /** Macro letters in a domain-spec (§7.3): every letter but c, r and t. */
  private static final String DOMAIN_MACROS = "slodiphv";

  /**
   * Macro letters the macro-string grammar knows (§7.1); c, r and t only make sense in exp text.
   */
  private static final String ALL_MACROS = "slodiphcrtv";

  /**
   * RFC 7208 §7.1: {@code %{x}}, {@code %%}, {@code %_}, {@code %-}, with x among {@code letters}.
   */
  private static String macroString(String text, String letters) {
    Matcher m = MACRO.matcher(text);
    while (m.find()) {
      if (m.group(0).length() == 1) {
        return "\"%\" must start a macro: %{d}, %%, %_ or %-";
      }
      String letter = m.group(1);
      if (letter == null) {
        continue;
      }
      String l = letter.toLowerCase(Locale.ROOT);
      if (!letters.contains(l)) {
        return "crt".contains(l)
            ? "%{"
                + letter
                + "} is allowed only in explanation text, not in a domain (RFC 7208 §7.3)"
            : "%{" + letter + "} is not a macro (s, l, o, d, i, p, h, v; RFC 7208 §7.2)";
      }
    }
    return null;
  }
}
