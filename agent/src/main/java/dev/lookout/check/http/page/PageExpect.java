package dev.lookout.check.http.page;

import java.time.Duration;
import java.util.List;

/**
 * The page expectations of an http target: what a launch checklist asks of the page beyond its
 * status and body. Null or false parts are not checked.
 *
 * @param noMixedContent an https page loads no {@code http://} subresources
 * @param hsts the {@code Strict-Transport-Security} the https response must carry
 * @param headersPresent response headers that must be present, whatever their value
 * @param assets rules for the same-origin CSS, JS and images the page links
 * @param exposedFiles paths probed on top of {@link ExposedFiles#BUILT_IN}; null: no probing
 */
public record PageExpect(
    boolean noMixedContent,
    Hsts hsts,
    List<String> headersPresent,
    Assets assets,
    List<String> exposedFiles) {

  public static final PageExpect NONE = new PageExpect(false, null, List.of(), null, null);

  public PageExpect {
    headersPresent = List.copyOf(headersPresent);
    exposedFiles = exposedFiles == null ? null : List.copyOf(exposedFiles);
  }

  /** {@code hsts: {min_age, include_subdomains}}. */
  public record Hsts(Duration minAge, boolean includeSubdomains) {
    public static final Duration DEFAULT_MIN_AGE = Duration.ofDays(180);
  }

  /**
   * {@code assets: {cache_max_age_at_least, compressed, max}}.
   *
   * @param cacheMaxAgeAtLeast null: cache headers are not checked
   */
  public record Assets(Duration cacheMaxAgeAtLeast, boolean compressed, int max) {
    public static final int DEFAULT_MAX = 50;
  }

  public boolean isNone() {
    return equals(NONE);
  }

  /** Whether the checks need the page's HTML parsed (off the event loop). */
  public boolean needsHtml() {
    return noMixedContent || assets != null || exposedFiles != null;
  }
}
