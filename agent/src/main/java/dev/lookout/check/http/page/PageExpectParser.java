package dev.lookout.check.http.page;

import dev.lookout.config.MapReader;
import java.time.Duration;
import java.util.List;

/** Reads the page expectations from an http target's {@code expect:} block. */
public final class PageExpectParser {
  private PageExpectParser() {}

  public static PageExpect parse(MapReader e) {
    boolean mixed = e.bool("no_mixed_content", false);
    PageExpect.Hsts hsts = hsts(e);
    List<String> present = e.list("headers_present", PageExpectParser::headerName);
    PageExpect.Assets assets = assets(e);
    List<String> exposed = exposed(e);
    return new PageExpect(mixed, hsts, present, assets, exposed);
  }

  private static PageExpect.Hsts hsts(MapReader e) {
    if (!e.has("hsts")) {
      return null;
    }
    if (!e.isMap("hsts")) {
      Boolean on = e.bool("hsts", false);
      return Boolean.TRUE.equals(on)
          ? new PageExpect.Hsts(PageExpect.Hsts.DEFAULT_MIN_AGE, false)
          : null;
    }
    MapReader h = e.map("hsts");
    Duration minAge = h.positiveDuration("min_age", PageExpect.Hsts.DEFAULT_MIN_AGE);
    boolean sub = h.bool("include_subdomains", false);
    h.finish();
    return new PageExpect.Hsts(minAge, sub);
  }

  private static PageExpect.Assets assets(MapReader e) {
    if (!e.has("assets")) {
      return null;
    }
    MapReader a = e.map("assets");
    Duration cache = a.positiveDuration("cache_max_age_at_least", null);
    boolean compressed = a.bool("compressed", false);
    int max = a.integer("max", PageExpect.Assets.DEFAULT_MAX, 1, 500);
    a.finish();
    return new PageExpect.Assets(cache, compressed, max);
  }

  private static List<String> exposed(MapReader e) {
    if (!e.has("no_exposed_files")) {
      return null;
    }
    if (e.isWord("no_exposed_files", "true")) {
      return List.of();
    }
    if (e.isWord("no_exposed_files", "false")) {
      return null;
    }
    return e.list("no_exposed_files", PageExpectParser::path);
  }

  private static String headerName(String text) {
    String name = text.trim();
    if (name.isEmpty() || !name.chars().allMatch(PageExpectParser::tokenChar)) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a header name (it has no spaces or separators)");
    }
    return name;
  }

  private static boolean tokenChar(int c) {
    return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  private static String path(String text) {
    String p = text.trim();
    if (!p.startsWith("/") || p.startsWith("//") || p.chars().anyMatch(c -> c <= 32 || c >= 127)) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a path (write it from the site's root, like /backup.zip)");
    }
    return p;
  }
}
