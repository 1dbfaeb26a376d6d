package dev.lookout.status;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Text built a row at a time and passed on as UTF-8 in chunks of about {@link #CHUNK_CHARS}
 * characters. A 5,000-target page is megabytes: built whole, the builder, its string and the
 * encoded bytes are three arrays too big for a small young generation, so every request would end
 * in a full collection. Passed on in chunks, each is garbage within microseconds.
 */
final class ChunkedText {
  static final int CHUNK_CHARS = 16 * 1024;

  private final StringBuilder text = new StringBuilder(CHUNK_CHARS + 4096);
  private final OutputStream out;

  ChunkedText(OutputStream out) {
    this.out = out;
  }

  /** Where the next row is appended. */
  StringBuilder text() {
    return text;
  }

  /** Called between rows: sends what is built once it is a chunk's worth. */
  void rowDone() throws IOException {
    if (text.length() >= CHUNK_CHARS) {
      flush();
    }
  }

  /**
   * Sends everything built so far. The page and the API escape everything beyond ASCII, so the
   * builder holds one byte a character and its UTF-8 is a copy of it; anything else is still
   * encoded correctly, only slower.
   */
  void flush() throws IOException {
    if (text.length() == 0) {
      return;
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    text.setLength(0);
    out.write(bytes);
  }
}
