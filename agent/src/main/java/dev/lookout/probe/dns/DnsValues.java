package dev.lookout.probe.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * One canonical text per DNS record value, so declared values, answers and stored baselines compare
 * as plain strings: names lower-case and absolute ({@code mx1.example.com.}), IPv6 in RFC 5952
 * form, TXT character-strings joined, MX as {@code pref host}, CAA as {@code flags tag "value"},
 * SRV as {@code prio weight port target}, SOA as its seven fields.
 */
public final class DnsValues {
  /** The record types the {@code dns} check compares. */
  public static final List<String> TYPES =
      List.of("A", "AAAA", "CNAME", "MX", "TXT", "NS", "CAA", "SRV", "SOA");

  /**
   * Checked when a baseline check names no types: the records that routinely drift. SOA is left out
   * because its serial changes with every edit; SRV because it lives at {@code _service} names.
   */
  public static final List<String> BASELINE_TYPES =
      List.of("A", "AAAA", "CNAME", "MX", "TXT", "NS", "CAA");

  private static final Pattern CAA =
      Pattern.compile("(\\d+)\\s+([A-Za-z0-9]+)\\s+(.*)", Pattern.DOTALL);

  private DnsValues() {}

  /**
   * The canonical form of a value written by a person (config, zone file).
   *
   * @throws IllegalArgumentException with a message fit for a config error
   */
  public static String normalize(String type, String text) {
    String s = text.trim();
    String[] f = s.split("\\s+");
    switch (type) {
      case "A":
        return address(s, Address.IPv4, "an IPv4 address");
      case "AAAA":
        return address(s, Address.IPv6, "an IPv6 address");
      case "CNAME":
      case "NS":
        return name(s);
      case "MX":
        fields(f, 2, type, s, "preference and host, like \"10 mx1.example.com.\"");
        return number(f[0], 65535, s) + " " + name(f[1]);
      case "SRV":
        fields(f, 4, type, s, "priority weight port target, like \"10 5 443 sip.example.com.\"");
        return number(f[0], 65535, s)
            + " "
            + number(f[1], 65535, s)
            + " "
            + number(f[2], 65535, s)
            + " "
            + name(f[3]);
      case "CAA":
        Matcher m = CAA.matcher(s);
        if (!m.matches()) {
          throw new IllegalArgumentException(
              "\""
                  + s
                  + "\" is not a CAA value (write flags tag \"value\", like 0 issue \"letsencrypt.org\")");
        }
        return caa(Integer.parseInt(number(m.group(1), 255, s)), m.group(2), unquote(m.group(3)));
      case "SOA":
        fields(f, 7, type, s, "mname rname serial refresh retry expire minimum");
        StringBuilder soa = new StringBuilder(name(f[0]) + " " + name(f[1]));
        for (int i = 2; i < 7; i++) {
          soa.append(' ').append(Long.parseLong(number(f[i], Integer.MAX_VALUE, s)));
        }
        return soa.toString();
      case "TXT":
        return text;
      default:
        throw new IllegalArgumentException("\"" + type + "\" is not one of " + TYPES);
    }
  }

  /** The canonical CAA form, also used for answers: {@code 0 issue "letsencrypt.org"}. */
  public static String caa(int flags, String tag, String value) {
    return flags + " " + tag.toLowerCase(Locale.ROOT) + " \"" + value + "\"";
  }

  /**
   * A domain name, lower-case and absolute: {@code Mx1.Example.com} becomes {@code
   * mx1.example.com.}.
   */
  public static String name(String text) {
    String s = text.trim();
    try {
      Name n = Name.fromString(s.endsWith(".") ? s : s + ".");
      return n.toString().toLowerCase(Locale.ROOT);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a domain name");
    }
  }

  /** An address as findings print it: dotted IPv4, RFC 5952 IPv6 ({@code 2001:db8::1}). */
  public static String address(InetAddress a) {
    if (!(a instanceof Inet6Address)) {
      return a.getHostAddress();
    }
    byte[] b = a.getAddress();
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(words[i]));
    }
    return out.toString();
  }

  /** A value as a finding shows it: TXT quoted (and clipped: DKIM keys are long), others as is. */
  public static String display(String type, String value) {
    if (!type.equals("TXT")) {
      return value;
    }
    String v = value.replace("\\", "\\\\").replace("\"", "\\\"");
    // Text.shorten's clipping, spelled out: probe uses probe.dns (the host resolver), not back.
    return "\"" + (v.length() > 100 ? v.substring(0, 100) + "…" : v) + "\"";
  }

  private static String address(String s, int family, String what) {
    try {
      return address(Address.getByAddress(s, family));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("\"" + s + "\" is not " + what);
    }
  }

  private static void fields(String[] f, int n, String type, String s, String shape) {
    if (f.length != n) {
      throw new IllegalArgumentException(
          "\"" + s + "\" is not a valid " + type + " value (write " + shape + ")");
    }
  }

  private static String number(String text, long max, String whole) {
    try {
      long v = Long.parseLong(text);
      if (v < 0 || v > max) {
        throw new NumberFormatException();
      }
      return Long.toString(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "\"" + whole + "\": " + text + " is not a number from 0 to " + max);
    }
  }

  private static String unquote(String s) {
    String v = s.trim();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }
}
