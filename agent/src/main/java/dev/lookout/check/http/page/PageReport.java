package dev.lookout.check.http.page;

import java.net.URI;
import java.util.List;

/**
 * What the page checks of one probe saw, for {@link PageEvaluator} to judge: the scan of the page's
 * HTML, the answer of every asset fetched and the files found exposed. Holds no body and no header
 * value but those judged ({@code Cache-Control}, {@code Content-Encoding}, {@code Content-Type});
 * an exposed file is only named and described, never quoted.
 *
 * @param notHtml the page's {@code Content-Type} when it is not HTML (nothing was scanned), or null
 * @param scan what the HTML links; null when not scanned
 * @param incomplete why the checks stopped before every request was answered, or null
 */
public record PageReport(
    String notHtml,
    PageScan scan,
    List<AssetCheck> assets,
    List<Exposure> exposed,
    String incomplete) {

  public PageReport {
    assets = List.copyOf(assets);
    exposed = List.copyOf(exposed);
  }

  /**
   * One asset's answer; {@code failure} when it got none (then the rest is empty).
   *
   * @param status 0 without an answer
   */
  public record AssetCheck(
      URI url,
      PageScan.Kind kind,
      int status,
      String cacheControl,
      String contentEncoding,
      String contentType,
      String failure) {}

  /** A path that answered 2xx with a body that looks like the file: what kind of content. */
  public record Exposure(String path, String kind) {}
}
