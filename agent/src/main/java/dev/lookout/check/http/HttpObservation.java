package dev.lookout.check.http;

import dev.lookout.check.http.page.PageReport;
import dev.lookout.probe.Observation;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What an HTTP probe saw: every hop of the redirect chain (the last one is the final response), the
 * final headers (names lower-cased, repeated values joined with ", "), the body up to {@code
 * max_body} and whether more was discarded, the phases, and what the page checks found (null when
 * the target has none).
 */
public record HttpObservation(
    List<Hop> hops,
    Map<String, String> headers,
    String body,
    long bodyBytes,
    boolean bodyTruncated,
    HttpPhases phases,
    PageReport page)
    implements Observation {

  public HttpObservation {
    hops = List.copyOf(hops);
    headers = Map.copyOf(headers);
  }

  /** Before (or without) page checks. */
  public HttpObservation(
      List<Hop> hops,
      Map<String, String> headers,
      String body,
      long bodyBytes,
      boolean bodyTruncated,
      HttpPhases phases) {
    this(hops, headers, body, bodyBytes, bodyTruncated, phases, null);
  }

  /** The same observation with the page checks' report. */
  public HttpObservation withPage(PageReport report) {
    return new HttpObservation(hops, headers, body, bodyBytes, bodyTruncated, phases, report);
  }

  public Hop last() {
    return hops.get(hops.size() - 1);
  }

  public int status() {
    return last().status();
  }

  public URI finalUrl() {
    return last().url();
  }

  public int redirects() {
    return hops.size() - 1;
  }
}
