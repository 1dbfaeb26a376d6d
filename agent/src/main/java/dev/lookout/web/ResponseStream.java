package dev.lookout.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Streams what a worker thread writes into an HTTP response in chunks of 64 KiB, waiting while the
 * connection's write queue is full: the memory a large body takes stays bounded by a few chunks,
 * however slowly the client reads. For worker threads only: it blocks.
 */
final class ResponseStream extends OutputStream {
  static final int CHUNK = 64 * 1024;

  /** How long a client may stop reading before the response is given up. */
  static final long STALL_SECONDS = 30;

  private final HttpServerResponse response;
  private final byte[] chunk = new byte[CHUNK];
  private int used;
  private volatile int waits;

  ResponseStream(HttpServerResponse response) {
    this.response = response;
  }

  @Override
  public void write(int b) throws IOException {
    if (used == CHUNK) {
      flushChunk();
    }
    chunk[used++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (used == CHUNK) {
        flushChunk();
      }
      int n = Math.min(len, CHUNK - used);
      System.arraycopy(b, off, chunk, used, n);
      used += n;
      off += n;
      len -= n;
    }
  }

  /** How many times the writer has waited for the client to catch up. */
  int waits() {
    return waits;
  }

  /** Sends what is buffered; the caller ends the response. */
  @Override
  public void close() throws IOException {
    flushChunk();
  }

  private void flushChunk() throws IOException {
    if (used == 0) {
      return;
    }
    if (response.closed()) {
      throw new IOException("the client closed the connection");
    }
    response.write(Buffer.buffer(used).appendBytes(chunk, 0, used));
    used = 0;
    if (response.writeQueueFull()) {
      waits++;
      CountDownLatch drained = new CountDownLatch(1);
      response.drainHandler(v -> drained.countDown());
      response.closeHandler(v -> drained.countDown());
      try {
        if (response.writeQueueFull()
            && !drained.await(STALL_SECONDS, TimeUnit.SECONDS)
            && response.writeQueueFull()) {
          throw new IOException("the client stopped reading for " + STALL_SECONDS + " s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the client was reading", e);
      }
    }
  }
}
