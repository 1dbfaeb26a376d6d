package dev.lookout.check.redirects;

import dev.lookout.check.Facts;
import dev.lookout.check.http.HttpConnection;
import dev.lookout.config.CheckSpec;
import java.net.URI;
import java.util.List;

/**
 * The {@code redirects:} block: the one canonical URL every entry point must land on, the old URLs
 * that must keep working, and how (permanent, within a number of hops, keeping the query). Takes
 * the http check's connection keys ({@code headers}, {@code max_redirects}, {@code ip}, {@code
 * verify_tls}, {@code ca_file}).
 *
 * @param maxHops each chain must land within this many redirects; null: any up to {@code
 *     max_redirects}
 * @param certDaysAbove from {@code expect:}; every https hop's certificate must have more days left
 */
public record RedirectsCheck(
    URI canonical,
    List<URI> from,
    Integer maxHops,
    boolean permanent,
    List<OldPath> paths,
    boolean keepQuery,
    HttpConnection connection,
    Integer certDaysAbove)
    implements CheckSpec {

  /** How much of each hop's body is read: redirects and landing pages are judged by their head. */
  static final long HOP_BODY = 16 * 1024;

  /** The query added to every start when {@code keep_query} is on, as a campaign link carries. */
  static final String TEST_QUERY = "utm_source=lookout";

  public RedirectsCheck {
    from = List.copyOf(from);
    paths = List.copyOf(paths);
  }

  @Override
  public String type() {
    return "redirects";
  }

  /** {@code https://www.example.com/ from 3 entry points and 2 old paths}. */
  @Override
  public String where() {
    return CheckSpec.shownUrl(canonical)
        + " from "
        + Facts.plural(from.size(), "entry point", "entry points")
        + " and "
        + Facts.plural(paths.size(), "old path", "old paths");
  }

  /**
   * An old path (relative to the canonical URL's origin) and the path it must redirect to; both the
   * same: it must answer 2xx itself.
   */
  public record OldPath(String from, String to) {}
}
