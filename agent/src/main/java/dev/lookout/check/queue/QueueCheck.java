package dev.lookout.check.queue;

import dev.lookout.config.CheckSpec;
import dev.lookout.config.HostPort;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code queue:} block: where a queue's own HTTP stats endpoint is, and which JSON values in
 * its answer are the backlog, the consumers and the oldest message's age. Pointers are kept as text
 * (RFC 6901 JSON Pointers, checked at load) so two loads of the same file are equal and a reload
 * keeps the target's depth history.
 *
 * @param consumers pointer to the consumer count, or null when not read
 * @param oldestAge pointer to the oldest message's age or timestamp, or null when not read
 * @param oldestAgeRequired false when a preset reads it from a field the product omits at times
 *     (RabbitMQ leaves out {@code head_message_timestamp} when messages carry no timestamp): then a
 *     missing value means "unknown", not a broken probe
 * @param window how far back the growth rate looks
 */
public record QueueCheck(
    URI url,
    String method,
    Map<String, String> headers,
    QueuePreset preset,
    Depth depth,
    String consumers,
    String oldestAge,
    AgeUnit oldestAgeUnit,
    boolean oldestAgeRequired,
    Duration window,
    long maxBody,
    boolean verifyTls,
    Path caFile,
    QueueExpect expect,
    List<HostPort> resolvers,
    String connectTo)
    implements CheckSpec {

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
  public static final long DEFAULT_MAX_BODY = 1024 * 1024;

  public QueueCheck {
    headers = Map.copyOf(headers);
    resolvers = List.copyOf(resolvers);
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(depth, "depth");
    Objects.requireNonNull(oldestAgeUnit, "oldestAgeUnit");
    Objects.requireNonNull(expect, "expect");
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("window must be longer than zero");
    }
    if (maxBody <= 0) {
      throw new IllegalArgumentException("max_body must be positive");
    }
  }

  @Override
  public String where() {
    return CheckSpec.shownUrl(url);
  }

  @Override
  public String type() {
    return "queue";
  }

  /** Header values usually hold credentials: never print them. */
  @Override
  public String toString() {
    return "QueueCheck[url="
        + url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() > 0 ? ":" + url.getPort() : "")
        + url.getRawPath()
        + ", headers="
        + headers.keySet()
        + ", depth="
        + depth
        + ", window="
        + window
        + "]";
  }

  /** Where the backlog depth is read from. */
  public sealed interface Depth permits At, Sum {}

  /** The depth is the number at one JSON Pointer ({@code ""} is the whole document). */
  public record At(String pointer) implements Depth {
    public At {
      Objects.requireNonNull(pointer, "pointer");
    }
  }

  /**
   * The depth is the sum of {@code field} over every element of the array at {@code array} (both
   * JSON Pointers; {@code ""} means the root, or the element itself).
   */
  public record Sum(String array, String field) implements Depth {
    public Sum {
      Objects.requireNonNull(array, "array");
      Objects.requireNonNull(field, "field");
    }
  }

  /** How the value at {@code oldest_age} is written. */
  public enum AgeUnit {
    /** An age in seconds. */
    SECONDS("seconds"),
    /** An age in milliseconds. */
    MILLISECONDS("milliseconds"),
    /** A Unix timestamp in seconds; the age is now minus it. */
    EPOCH_SECONDS("epoch_seconds"),
    /** A Unix timestamp in milliseconds. */
    EPOCH_MILLIS("epoch_millis"),
    /** An ISO-8601 timestamp string such as {@code 2026-11-28T01:02:03Z}. */
    ISO8601("iso8601");

    private final String key;

    AgeUnit(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    /** A timestamp rather than an age: converted with the agent's clock. */
    public boolean isTimestamp() {
      return this == EPOCH_SECONDS || this == EPOCH_MILLIS || this == ISO8601;
    }
  }
}
