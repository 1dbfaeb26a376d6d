package dev.lookout.check.http.page;

import dev.lookout.config.Durations;
import dev.lookout.evaluate.Finding;
import dev.lookout.probe.Text;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Judges an http target's page expectations: mixed content, HSTS, required headers, asset caching
 * and compression, exposed files. Pure: a function of the expectations, the final response's
 * headers and the {@link PageReport} the probe made.
 */
public final class PageEvaluator {
  private static final int LISTED = 10;
  private static final int ASSET_FINDINGS = 20;

  private PageEvaluator() {}

  /**
   * Adds the findings of {@code e} to {@code out}.
   *
   * @param headers the final response's headers, names lower-cased
   * @param report what the page checks saw; null when they did not run
   */
  public static void evaluate(
      PageExpect e, URI page, Map<String, String> headers, PageReport report, List<Finding> out) {
    if (e.isNone()) {
      return;
    }
    boolean https = "https".equalsIgnoreCase(page.getScheme());
    if (e.hsts() != null) {
      hsts(e.hsts(), page, https, headers.get("strict-transport-security"), out);
    }
    for (String name : e.headersPresent()) {
      if (!headers.containsKey(name.toLowerCase(Locale.ROOT))) {
        out.add(new Finding("headers_present", "header " + name + " is missing"));
      }
    }
    if (report == null) {
      return;
    }
    if (report.notHtml() != null && (e.noMixedContent() || e.assets() != null)) {
      out.add(
          new Finding(
              e.noMixedContent() ? "no_mixed_content" : "assets",
              "the page is not HTML (Content-Type "
                  + Text.clip(report.notHtml(), 60)
                  + "), so the resources it loads cannot be checked"));
    }
    PageScan scan = report.scan();
    if (scan != null && scan.problem() != null) {
      out.add(new Finding("page", "the page's HTML could not be analysed: " + scan.problem()));
    }
    if (e.noMixedContent() && scan != null) {
      mixed(page, https, scan, out);
    }
    if (e.assets() != null) {
      assets(e.assets(), report.assets(), out);
    }
    if (e.exposedFiles() != null) {
      for (PageReport.Exposure x : report.exposed()) {
        out.add(
            new Finding("no_exposed_files", x.path() + " is publicly readable (" + x.kind() + ")"));
      }
    }
    if (report.incomplete() != null) {
      out.add(new Finding("page", report.incomplete()));
    }
  }

  /** Advice that is not a failure: fingerprinted assets that could be cached as immutable. */
  public static List<String> hints(PageExpect e, PageReport report) {
    if (e.assets() == null || report == null) {
      return List.of();
    }
    List<String> hints = new ArrayList<>();
    for (PageReport.AssetCheck a : report.assets()) {
      if (a.failure() == null
          && a.status() / 100 == 2
          && Fingerprint.in(a.url().getPath())
          && !CacheControl.parse(a.cacheControl()).immutable()) {
        hints.add(
            "hint: "
                + a.url().getPath()
                + " has a hash in its name: add \"immutable\" to its Cache-Control");
      }
    }
    return hints.size() > LISTED ? hints.subList(0, LISTED) : hints;
  }

  private static void hsts(
      PageExpect.Hsts rule, URI page, boolean https, String header, List<Finding> out) {
    long want = rule.minAge().toSeconds();
    String advice =
        "\"Strict-Transport-Security: max-age="
            + want
            + (rule.includeSubdomains() ? "; includeSubDomains" : "")
            + "\"";
    if (!https) {
      out.add(
          new Finding(
              "hsts",
              page
                  + " is served over http, where browsers ignore Strict-Transport-Security: serve"
                  + " it over https and set "
                  + advice));
      return;
    }
    if (header == null) {
      out.add(new Finding("hsts", "no Strict-Transport-Security header: set " + advice));
      return;
    }
    Hsts h = Hsts.parse(header);
    if (h.maxAge() == null) {
      out.add(
          new Finding(
              "hsts",
              "Strict-Transport-Security \""
                  + Text.clip(header, 80)
                  + "\" has no valid max-age: set "
                  + advice));
      return;
    }
    if (h.maxAge() < want) {
      out.add(
          new Finding(
              "hsts",
              "Strict-Transport-Security max-age="
                  + h.maxAge()
                  + " ("
                  + Durations.human(Duration.ofSeconds(h.maxAge()))
                  + ") is shorter than "
                  + Durations.human(rule.minAge())
                  + ": set "
                  + advice));
    }
    if (rule.includeSubdomains() && !h.includeSubdomains()) {
      out.add(
          new Finding("hsts", "Strict-Transport-Security lacks includeSubDomains: set " + advice));
    }
  }

  private static void mixed(URI page, boolean https, PageScan scan, List<Finding> out) {
    if (!https) {
      out.add(
          new Finding(
              "no_mixed_content",
              page + " is served over http, not https: everything it loads is insecure"));
      return;
    }
    List<String> active = new ArrayList<>();
    List<String> passive = new ArrayList<>();
    for (PageScan.Insecure i : scan.insecure()) {
      (i.active() ? active : passive).add(i.url());
    }
    if (!active.isEmpty()) {
      out.add(
          new Finding(
              "no_mixed_content",
              count(
                      active.size(),
                      "http:// script, stylesheet, frame or form",
                      "http:// scripts," + " stylesheets, frames or forms")
                  + " on an https page (browsers block them): "
                  + list(active)));
    }
    if (!passive.isEmpty()) {
      out.add(
          new Finding(
              "no_mixed_content",
              count(passive.size(), "http:// image or media file", "http:// images or media files")
                  + " on an https page (it will show as 'not secure'): "
                  + list(passive)));
    }
  }

  private static void assets(
      PageExpect.Assets rule, List<PageReport.AssetCheck> checks, List<Finding> out) {
    List<Finding> found = new ArrayList<>();
    for (PageReport.AssetCheck a : checks) {
      String name = "asset " + a.url().getPath();
      if (a.failure() != null) {
        found.add(new Finding("assets", name + " could not be fetched: " + a.failure()));
        continue;
      }
      if (a.status() / 100 != 2) {
        found.add(new Finding("assets", name + " answered " + a.status()));
        continue;
      }
      if (rule.cacheMaxAgeAtLeast() != null) {
        cache(rule.cacheMaxAgeAtLeast(), name, a, found);
      }
      if (rule.compressed() && text(a) && !encoded(a.contentEncoding())) {
        found.add(
            new Finding(
                "assets",
                name + " is not compressed (no Content-Encoding), expected gzip, br or zstd"));
      }
    }
    if (found.size() > ASSET_FINDINGS) {
      int more = found.size() - ASSET_FINDINGS;
      found = new ArrayList<>(found.subList(0, ASSET_FINDINGS));
      found.add(
          new Finding("assets", "and " + count(more, "more asset problem", "more asset problems")));
    }
    out.addAll(found);
  }

  private static void cache(
      Duration atLeast, String name, PageReport.AssetCheck a, List<Finding> out) {
    CacheControl cc = CacheControl.parse(a.cacheControl());
    String want = ", expected at least " + Durations.human(atLeast);
    if (cc.maxAge() == null) {
      out.add(
          new Finding(
              "assets",
              name
                  + (a.cacheControl() == null
                      ? " has no Cache-Control"
                      : " has no max-age in Cache-Control \""
                          + Text.clip(a.cacheControl(), 60)
                          + "\"")
                  + want));
    } else if (cc.maxAge() < atLeast.toSeconds()) {
      out.add(
          new Finding(
              "assets",
              name
                  + " is cached for "
                  + (cc.maxAge() == 0
                      ? "no time"
                      : Durations.human(Duration.ofSeconds(cc.maxAge())))
                  + " (Cache-Control \""
                  + Text.clip(a.cacheControl(), 60)
                  + "\")"
                  + want));
    }
  }

  /** CSS, JavaScript and SVG compress well; images and fonts are compressed already. */
  private static boolean text(PageReport.AssetCheck a) {
    String type = a.contentType() == null ? "" : a.contentType().toLowerCase(Locale.ROOT);
    String path = a.url().getPath().toLowerCase(Locale.ROOT);
    return type.contains("css")
        || type.contains("javascript")
        || type.contains("svg")
        || path.endsWith(".css")
        || path.endsWith(".js")
        || path.endsWith(".mjs")
        || path.endsWith(".svg");
  }

  private static boolean encoded(String encoding) {
    return encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity");
  }

  private static String list(List<String> urls) {
    String shown = urls.stream().limit(LISTED).collect(Collectors.joining(", "));
    return urls.size() > LISTED ? shown + ", … (" + urls.size() + " in all)" : shown;
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
