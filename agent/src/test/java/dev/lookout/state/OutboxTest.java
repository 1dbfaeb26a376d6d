package dev.lookout.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.testing.TestVertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's files: one per notification, atomic, and a half-written one never resurfaces. */
class OutboxTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path stateDir;

  @Test
  void storedNotificationsSurviveANewOutboxUntilRemoved() throws Exception {
    Outbox first = new Outbox(loop.vertx(), stateDir);
    TestVertx.await(first.put("a-1", Buffer.buffer("{\"n\":1}")));
    TestVertx.await(first.put("b-2", Buffer.buffer("{\"n\":2}")));
    assertThat(first.pending()).isEqualTo(2);
    TestVertx.await(first.remove("a-1"));
    assertThat(first.pending()).isEqualTo(1);
    // A crash mid-write leaves only a .tmp file: it was never attempted, and is cleaned up.
    Files.writeString(stateDir.resolve("outbox/c-3.json.tmp"), "{\"n\":");

    Outbox second = new Outbox(loop.vertx(), stateDir);
    Map<String, Buffer> loaded = TestVertx.await(second.load());
    assertThat(loaded).containsOnlyKeys("b-2");
    assertThat(loaded.get("b-2").toString()).isEqualTo("{\"n\":2}");
    assertThat(second.pending()).isEqualTo(1);
    assertThat(stateDir.resolve("outbox/c-3.json.tmp")).doesNotExist();
  }

  @Test
  void anUnreadableFileIsSetAsideNotDeleted() throws Exception {
    Outbox outbox = new Outbox(loop.vertx(), stateDir);
    TestVertx.await(outbox.put("bad-1", Buffer.buffer("not json")));
    TestVertx.await(outbox.quarantine("bad-1"));
    assertThat(stateDir.resolve("outbox/bad-1.broken")).exists();
    assertThat(outbox.pending()).isZero();
  }
}
