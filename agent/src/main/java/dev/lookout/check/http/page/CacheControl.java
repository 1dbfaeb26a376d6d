package dev.lookout.check.http.page;

import java.util.Locale;

/**
 * The parts of a {@code Cache-Control} header an asset check reads: how long browsers may keep it
 * ({@code max-age}; {@code no-store} and {@code no-cache} mean not at all) and {@code immutable}.
 *
 * @param maxAge seconds, or null when the header sets none
 */
record CacheControl(Long maxAge, boolean immutable) {
  static CacheControl parse(String header) {
    if (header == null) {
      return new CacheControl(null, false);
    }
    Long maxAge = null;
    boolean immutable = false;
    boolean never = false;
    for (String directive : header.toLowerCase(Locale.ROOT).split(",")) {
      String d = directive.trim();
      if (d.startsWith("max-age=")) {
        String v = d.substring(8).replace("\"", "").trim();
        if (v.matches("\\d{1,12}")) {
          maxAge = Long.parseLong(v);
        }
      } else if (d.equals("immutable")) {
        immutable = true;
      } else if (d.equals("no-store") || d.equals("no-cache")) {
        never = true;
      }
    }
    return new CacheControl(never ? Long.valueOf(0) : maxAge, immutable);
  }
}
