package dev.lookout.check.http;

import dev.lookout.probe.Text;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Where a redirect leads: the next URL to ask, or why the probe stops here (an invalid Location, a
 * loop, the redirect limit, a URL that is not http or https). Pure: a function of the hops so far.
 *
 * @param next the URL to ask next; null when the probe fails
 * @param failure why the probe fails; null when it follows {@code next}
 */
record RedirectStep(URI next, String failure) {

  /** Whether {@code status} is a redirect the probe may follow. */
  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * The step from {@code url}, which answered with {@code location}, after {@code hops} (the hop
   * that answered included), with at most {@code maxRedirects} redirects.
   */
  static RedirectStep from(URI url, String location, List<Hop> hops, int maxRedirects) {
    URI next;
    try {
      next = url.resolve(location.trim());
    } catch (IllegalArgumentException e) {
      return stop("redirect from " + url + " to an invalid Location: " + truncate(location));
    }
    if (visited(hops, next)) {
      return stop(
          "redirect loop: " + next + " was already visited after " + hops.size() + " redirects");
    }
    if (hops.size() > maxRedirects) {
      return stop(
          "stopped after "
              + maxRedirects
              + " redirects (the limit); last Location: "
              + truncate(next.toString()));
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
      return stop("redirect to an unsupported URL: " + truncate(next.toString()));
    }
    return new RedirectStep(next, null);
  }

  private static RedirectStep stop(String failure) {
    return new RedirectStep(null, failure);
  }

  /** Whether a hop of this probe has already asked for {@code url} (there are at most a few). */
  private static boolean visited(List<Hop> hops, URI url) {
    for (Hop hop : hops) {
      if (hop.url().equals(url)) {
        return true;
      }
    }
    return false;
  }

  private static String truncate(String s) {
    return Text.shorten(s, 200);
  }
}
