package dev.lookout.alert.notify;

import dev.lookout.alert.DeliveryException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * POSTs a body to a receiver and turns the outcome into success (2xx) or a {@link
 * DeliveryException} that names the notifier and the host only: webhook URLs carry their secret in
 * the path, so the path never reaches a log line. A 429 or 503 hands on the {@code Retry-After}.
 */
final class HttpPost implements AutoCloseable {
  private final HttpClient client;
  private final String kind;
  private final String name;

  HttpPost(Vertx vertx, String kind, String name, Duration timeout) {
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setVerifyHost(true)
                .setMaxRedirects(0));
    this.kind = kind;
    this.name = name;
  }

  /** The prefix of every message: {@code slack notifier "ops"}. */
  String who() {
    return kind + " notifier \"" + name + "\"";
  }

  Future<Void> post(URI url, MultiMap headers, Buffer body, Duration timeout) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url.toString())
            .setIdleTimeout(timeout.toMillis());
    String host = url.getHost();
    return client
        .request(options)
        .compose(
            req -> {
              req.headers().addAll(headers);
              return req.send(body);
            })
        .recover(
            e ->
                Future.failedFuture(
                    new DeliveryException(
                        who() + ": cannot reach " + host + " (" + describe(e) + ")")))
        .compose(
            resp ->
                drain(resp)
                    .compose(
                        v -> {
                          int status = resp.statusCode();
                          if (status >= 200 && status < 300) {
                            return Future.succeededFuture();
                          }
                          Duration retryAfter =
                              status == 429 || status == 503
                                  ? retryAfter(resp.getHeader("Retry-After"))
                                  : null;
                          return Future.failedFuture(
                              new DeliveryException(
                                  who() + ": " + status + " from " + host, retryAfter));
                        }));
  }

  /**
   * Waits for the end of the response, discarding its body (a receiver's answer is not needed, and
   * buffering it would let a hostile one fill the heap). {@code end()} refuses a response that has
   * already ended, which a small answer may have done by now.
   */
  private static Future<Void> drain(io.vertx.core.http.HttpClientResponse resp) {
    try {
      return resp.end().recover(e -> Future.succeededFuture());
    } catch (IllegalStateException alreadyEnded) {
      return Future.succeededFuture();
    }
  }

  /** The exception's kind without its message, which may quote the URL. */
  private static String describe(Throwable e) {
    String simple = e.getClass().getSimpleName();
    if (simple.contains("Connect")) {
      return "connection refused or unreachable";
    }
    if (simple.contains("Timeout")) {
      return "timed out";
    }
    if (simple.contains("SSL") || simple.contains("Ssl")) {
      return "TLS handshake failed";
    }
    return simple;
  }

  /** Seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
  static Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (java.time.format.DateTimeParseException ignored) {
        return null;
      }
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
