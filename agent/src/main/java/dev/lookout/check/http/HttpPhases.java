package dev.lookout.check.http;

/**
 * Where the time of an HTTP probe went, in seconds, summed over every redirect hop: name
 * resolution, TCP connect, TLS handshake, time to first byte (request sent → response headers), and
 * transfer (headers → last body byte read).
 */
public record HttpPhases(double dns, double connect, double tls, double ttfb, double transfer) {
  public static final HttpPhases ZERO = new HttpPhases(0, 0, 0, 0, 0);

  public HttpPhases plus(HttpPhases o) {
    return new HttpPhases(
        dns + o.dns, connect + o.connect, tls + o.tls, ttfb + o.ttfb, transfer + o.transfer);
  }
}
