package dev.lookout.check.maildelivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code Authentication-Results} header (RFC 8601 §2.2): who added it (the authserv-id) and its
 * method results, such as {@code spf=pass smtp.mailfrom=bounce.esp.net}. Comments are dropped and
 * quoted strings kept whole; a header that cannot be read has no results rather than failing the
 * probe, since any relay on the way may write one.
 *
 * @param authservId the receiver that wrote it, lower case
 * @param results in header order
 */
public record AuthenticationResults(String authservId, List<Result> results) {

  public AuthenticationResults {
    results = List.copyOf(results);
  }

  /**
   * One {@code method=result} with its properties ({@code header.d}, {@code smtp.mailfrom}).
   *
   * @param method lower case, without a version
   * @param result lower case
   * @param properties {@code ptype.property} → value, lower case keys
   */
  public record Result(String method, String result, Map<String, String> properties) {
    public Result {
      properties = Map.copyOf(properties);
    }

    /** A property's value, or null. */
    public String property(String key) {
      return properties.get(key);
    }
  }

  /** Parses one header value (unfolded or not); null when it names no authserv-id. */
  public static AuthenticationResults parse(String header) {
    List<String> parts = split(stripComments(header.replaceAll("\r?\n", " ")));
    if (parts.isEmpty()) {
      return null;
    }
    List<String> head = words(parts.get(0));
    if (head.isEmpty()) {
      return null;
    }
    String id = unquote(head.get(0)).toLowerCase(Locale.ROOT);
    List<Result> results = new ArrayList<>();
    for (int i = 1; i < parts.size(); i++) {
      Result r = result(parts.get(i));
      if (r != null) {
        results.add(r);
      }
    }
    return new AuthenticationResults(id, results);
  }

  /** The results of one method, in header order. */
  public List<Result> of(AuthMethod method) {
    List<Result> out = new ArrayList<>();
    for (Result r : results) {
      if (r.method().equals(method.key())) {
        out.add(r);
      }
    }
    return out;
  }

  /** Whether this header was written by {@code id} or one of its subdomains. */
  public boolean writtenBy(String id) {
    String want = id.toLowerCase(Locale.ROOT);
    return authservId.equals(want) || authservId.endsWith("." + want);
  }

  private static Result result(String part) {
    List<String> words = words(part);
    if (words.isEmpty()) {
      return null;
    }
    String[] first = words.get(0).split("=", 2);
    if (first.length != 2 || first[0].isEmpty() || first[1].isEmpty()) {
      return null;
    }
    String method = first[0].toLowerCase(Locale.ROOT);
    int slash = method.indexOf('/');
    if (slash >= 0) {
      method = method.substring(0, slash);
    }
    Map<String, String> props = new LinkedHashMap<>();
    for (int i = 1; i < words.size(); i++) {
      String[] kv = words.get(i).split("=", 2);
      if (kv.length == 2 && !kv[0].isEmpty()) {
        props.putIfAbsent(kv[0].toLowerCase(Locale.ROOT), unquote(kv[1]));
      }
    }
    return new Result(method, first[1].toLowerCase(Locale.ROOT), props);
  }

  /** Removes {@code (comments)}, nested ones too, outside quoted strings. */
  static String stripComments(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && (quoted || depth > 0) && i + 1 < s.length()) {
        if (depth == 0) {
          out.append(c).append(s.charAt(i + 1));
        }
        i++;
      } else if (depth == 0 && c == '"') {
        quoted = !quoted;
        out.append(c);
      } else if (!quoted && c == '(') {
        depth++;
        out.append(' ');
      } else if (!quoted && c == ')' && depth > 0) {
        depth--;
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Splits at {@code ;} outside quoted strings. */
  private static List<String> split(String s) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ';' && !quoted) {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts;
  }

  /**
   * Words split at white space outside quoted strings, with {@code a = b} joined to {@code a=b}.
   */
  private static List<String> words(String s) {
    String joined = s.trim().replaceAll("\\s*=\\s*", "=");
    List<String> words = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < joined.length(); i++) {
      char c = joined.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (Character.isWhitespace(c) && !quoted) {
        if (cur.length() > 0) {
          words.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      words.add(cur.toString());
    }
    return words;
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }
}
