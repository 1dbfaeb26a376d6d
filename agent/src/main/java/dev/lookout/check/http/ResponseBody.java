package dev.lookout.check.http;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;

/**
 * A response body kept up to {@code max_body}; bytes past the cap are counted as seen and dropped,
 * so a hostile 100 MiB answer costs a counter, not memory.
 */
final class ResponseBody {
  private final long max;
  private final Buffer kept = Buffer.buffer();
  private long total;
  private boolean truncated;

  ResponseBody(long max) {
    this.max = max;
  }

  /** Returns true when the cap has been passed and reading should stop. */
  boolean add(Buffer chunk) {
    return add(chunk.length(), n -> kept.appendBuffer(chunk, 0, n));
  }

  /** The same, for a chunk read by Netty's codec (valid only during the call). */
  boolean add(ByteBuf chunk) {
    return add(
        chunk.readableBytes(),
        n -> {
          byte[] bytes = new byte[n];
          chunk.getBytes(chunk.readerIndex(), bytes);
          kept.appendBytes(bytes);
        });
  }

  private boolean add(int length, IntConsumer keep) {
    total += length;
    long room = max - kept.length();
    if (room > 0) {
      keep.accept((int) Math.min(room, length));
    }
    truncated = total > max;
    return truncated;
  }

  String text() {
    return kept.toString(StandardCharsets.UTF_8);
  }

  /** Bytes seen, kept or not. */
  long total() {
    return total;
  }

  boolean truncated() {
    return truncated;
  }
}
