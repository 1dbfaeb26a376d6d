package dev.lookout.check.http;

import dev.lookout.check.http.page.PageExpect;
import dev.lookout.config.Regex;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code expect:} block of an http target; null fields are not checked. {@code page} holds the
 * page expectations ({@code no_mixed_content}, {@code hsts}, {@code headers_present}, {@code
 * assets}, {@code no_exposed_files}), {@link PageExpect#NONE} when none is given.
 */
public record HttpExpect(
    List<StatusRange> status,
    String bodyContains,
    Regex bodyMatches,
    Map<String, HeaderRule> headers,
    Map<String, String> json,
    Integer redirectsAtMost,
    String finalUrl,
    Duration latencyBelow,
    Duration p95Below,
    Duration p99Below,
    Integer certDaysAbove,
    PageExpect page) {

  public HttpExpect {
    status = List.copyOf(status);
    headers = Map.copyOf(headers);
    json = Map.copyOf(json);
    page = page == null ? PageExpect.NONE : page;
  }

  /** Without page expectations. */
  public HttpExpect(
      List<StatusRange> status,
      String bodyContains,
      Regex bodyMatches,
      Map<String, HeaderRule> headers,
      Map<String, String> json,
      Integer redirectsAtMost,
      String finalUrl,
      Duration latencyBelow,
      Duration p95Below,
      Duration p99Below,
      Integer certDaysAbove) {
    this(
        status,
        bodyContains,
        bodyMatches,
        headers,
        json,
        redirectsAtMost,
        finalUrl,
        latencyBelow,
        p95Below,
        p99Below,
        certDaysAbove,
        PageExpect.NONE);
  }

  /** A status code or a class of them ({@code 2xx}). */
  public record StatusRange(int from, int to) {
    public static StatusRange parse(String text) {
      String s = text.trim();
      if (s.matches("[1-5]xx")) {
        int base = (s.charAt(0) - '0') * 100;
        return new StatusRange(base, base + 99);
      }
      if (s.matches("\\d{3}")) {
        int code = Integer.parseInt(s);
        return new StatusRange(code, code);
      }
      if (s.matches("\\d{3}-\\d{3}")) {
        return new StatusRange(
            Integer.parseInt(s.substring(0, 3)), Integer.parseInt(s.substring(4)));
      }
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a status (write a code like 200, a class like 2xx, or 200-299)");
    }

    public boolean contains(int code) {
      return code >= from && code <= to;
    }

    @Override
    public String toString() {
      if (from == to) {
        return Integer.toString(from);
      }
      if (from % 100 == 0 && to == from + 99) {
        return (from / 100) + "xx";
      }
      return from + "-" + to;
    }
  }

  /** A header that must equal a value exactly, or match a regular expression. */
  public record HeaderRule(String equals, Regex matches) {
    public boolean test(String value) {
      return value != null && (equals != null ? equals.equals(value) : matches.foundIn(value));
    }

    @Override
    public String toString() {
      return equals != null ? "\"" + equals + "\"" : "matching " + matches;
    }
  }
}
