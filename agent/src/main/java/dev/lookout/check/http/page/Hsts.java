package dev.lookout.check.http.page;

import java.util.Locale;

/**
 * A {@code Strict-Transport-Security} header as browsers read it (RFC 6797 §6.1): directives
 * separated by {@code ;}, {@code max-age} in seconds (maybe quoted), {@code includeSubDomains}.
 *
 * @param maxAge seconds, or null when the header has no valid {@code max-age}
 */
record Hsts(Long maxAge, boolean includeSubdomains) {
  static Hsts parse(String header) {
    Long maxAge = null;
    boolean sub = false;
    // Several headers were joined with ", "; browsers use the first.
    String first = header.split(",")[0];
    for (String directive : first.split(";")) {
      String d = directive.trim();
      String name = d.contains("=") ? d.substring(0, d.indexOf('=')).trim() : d;
      if (name.equalsIgnoreCase("max-age") && maxAge == null) {
        String v = d.substring(d.indexOf('=') + 1).trim().replace("\"", "");
        if (v.matches("\\d{1,12}")) {
          maxAge = Long.parseLong(v);
        }
      } else if (name.toLowerCase(Locale.ROOT).equals("includesubdomains")) {
        sub = true;
      }
    }
    return new Hsts(maxAge, sub);
  }
}
