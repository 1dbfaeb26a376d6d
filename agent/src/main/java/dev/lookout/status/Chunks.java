package dev.lookout.status;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Bytes passed on to a sink in chunks of {@link #SIZE}, so a few large writes reach it rather than
 * many small ones (each of which a gzip stream would deflate on its own).
 */
final class Chunks {
  static final int SIZE = 32 * 1024;

  private final OutputStream sink;
  private final byte[] chunk = new byte[SIZE];
  private int used;

  Chunks(OutputStream sink) {
    this.sink = sink;
  }

  void write(int b) throws IOException {
    if (used == SIZE) {
      flush();
    }
    chunk[used++] = (byte) b;
  }

  void write(byte[] b, int off, int len) throws IOException {
    if (len > SIZE - used) {
      flush();
      if (len > SIZE) {
        sink.write(b, off, len);
        return;
      }
    }
    System.arraycopy(b, off, chunk, used, len);
    used += len;
  }

  /** Text as UTF-8; ASCII (what both surfaces write) a byte a character, without a copy. */
  void text(CharSequence s) throws IOException {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
        write(b, 0, b.length);
        return;
      }
    }
    for (int i = 0; i < n; i++) {
      if (used == SIZE) {
        flush();
      }
      chunk[used++] = (byte) s.charAt(i);
    }
  }

  void flush() throws IOException {
    if (used > 0) {
      sink.write(chunk, 0, used);
      used = 0;
    }
  }
}
