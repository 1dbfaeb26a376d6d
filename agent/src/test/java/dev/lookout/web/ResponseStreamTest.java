package dev.lookout.web;

import static dev.lookout.testing.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.testing.TestVertx;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A large body streamed from a worker arrives whole, also when the client stops reading. */
class ResponseStreamTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  /** 8 MiB of numbered lines: any lost, repeated or reordered chunk shows. */
  private static final int LINES = 700_000;

  private static String line(int i) {
    return String.format("line %07d of the body\n", i);
  }

  @Test
  void aSlowReaderGetsEveryByteInOrderWhileTheWriterWaits() {
    Vertx vertx = loop.vertx();
    AtomicInteger waits = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<ResponseStream> writing =
        new java.util.concurrent.atomic.AtomicReference<>();
    HttpServer server =
        await(
            vertx
                // Small socket buffers, so the kernel cannot swallow the body while the client
                // stops reading.
                .createHttpServer(new HttpServerOptions().setSendBufferSize(32 * 1024))
                .requestHandler(
                    req -> {
                      var response = req.response().setChunked(true);
                      vertx
                          .executeBlocking(
                              () -> {
                                try (ResponseStream out = new ResponseStream(response)) {
                                  writing.set(out);
                                  for (int i = 0; i < LINES; i++) {
                                    out.write(line(i).getBytes(StandardCharsets.US_ASCII));
                                  }
                                  waits.set(out.waits());
                                }
                                return null;
                              },
                              false)
                          .onComplete(ar -> response.end());
                    })
                .listen(0, "127.0.0.1"));
    HttpClientAgent client =
        vertx.createHttpClient(new HttpClientOptions().setReceiveBufferSize(32 * 1024));
    Buffer received =
        await(
            TestVertx.onLoop(
                vertx,
                () ->
                    client
                        .request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
                        .compose(r -> r.send())
                        .compose(
                            r -> {
                              Promise<Buffer> body = Promise.promise();
                              Buffer all = Buffer.buffer();
                              r.pause();
                              // Stop reading until the writer has had to wait (it must wait, not
                              // pile up), or 10 s: a fixed pause proves nothing on a busy machine
                              // where the writer may not have filled the buffers yet.
                              long until = System.nanoTime() + 10_000_000_000L;
                              vertx.setPeriodic(
                                  50,
                                  id -> {
                                    ResponseStream out = writing.get();
                                    if ((out == null || out.waits() == 0)
                                        && System.nanoTime() < until) {
                                      return;
                                    }
                                    vertx.cancelTimer(id);
                                    r.handler(all::appendBuffer);
                                    r.endHandler(v -> body.complete(all));
                                    r.resume();
                                  });
                              return body.future();
                            })));
    String text = received.toString(StandardCharsets.US_ASCII);
    assertThat(text.length()).isEqualTo(LINES * line(0).length());
    assertThat(text).startsWith(line(0) + line(1)).endsWith(line(LINES - 2) + line(LINES - 1));
    assertThat(text.substring(line(0).length() * 123_456, line(0).length() * 123_457))
        .isEqualTo(line(123_456));
    await(client.close());
    await(server.close());
    assertThat(waits.get()).as("times the writer waited for the reader").isPositive();
  }
}
