package dev.lookout.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.testing.TestVertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The compacted file plus journal, against the files a crash leaves. */
class JournalTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path dir;

  static String text(Journal.Contents c) {
    StringBuilder s = new StringBuilder();
    c.lines().forEach(l -> s.append(l.toString()).append('|'));
    return s.toString();
  }

  @Test
  void appendedLinesAreReadBackInOrderAndCompactionEmptiesTheJournal() {
    Journal j = new Journal(loop.vertx(), dir, "alerts");
    TestVertx.await(j.append(() -> Buffer.buffer("one\ntwo\n")));
    TestVertx.await(j.append(() -> Buffer.buffer("three\n")));
    Journal.Contents before = TestVertx.await(new Journal(loop.vertx(), dir, "alerts").read());
    assertThat(before.file()).isNull();
    assertThat(text(before)).isEqualTo("one|two|three|");

    TestVertx.await(j.compact(() -> Buffer.buffer("{\"all\":1}")));
    Journal.Contents after = TestVertx.await(new Journal(loop.vertx(), dir, "alerts").read());
    assertThat(after.file().toString()).isEqualTo("{\"all\":1}");
    assertThat(after.lines()).isEmpty();
  }

  @Test
  void aLineCutShortByACrashIsHandedBackAndOverwrittenByTheNextAppend() throws Exception {
    Files.writeString(dir.resolve("alerts.journal"), "one\ntw", StandardCharsets.UTF_8);
    Journal j = new Journal(loop.vertx(), dir, "alerts");
    assertThat(text(TestVertx.await(j.read()))).isEqualTo("one|tw|");
    TestVertx.await(j.append(() -> Buffer.buffer("two\n")));
    assertThat(Files.readString(dir.resolve("alerts.journal"))).isEqualTo("one\ntwo\n");
  }

  @Test
  void anAppendThatFailedHalfWayIsCutOffBeforeTheNextOne() throws Exception {
    Journal j = new Journal(loop.vertx(), dir, "alerts");
    TestVertx.await(j.append(() -> Buffer.buffer("one\n")));
    // What a write that ran out of space half-way leaves: part of a line, no newline.
    Files.writeString(dir.resolve("alerts.journal"), "half", StandardOpenOption.APPEND);
    TestVertx.await(j.append(() -> Buffer.buffer("two\n")));
    assertThat(Files.readString(dir.resolve("alerts.journal"))).isEqualTo("one\ntwo\n");
  }

  @Test
  void leftoverTemporaryFilesAreRemovedAtStart() throws Exception {
    Files.createDirectories(dir.resolve("outbox"));
    Files.writeString(dir.resolve("alerts.json.tmp"), "");
    Files.writeString(dir.resolve("outbox/3f1c.json.tmp"), "");
    Files.writeString(dir.resolve("outbox/3f1c.json"), "{}");
    assertThat(StateDirectory.removeLeftovers(dir)).isEqualTo(2);
    assertThat(dir.resolve("alerts.json.tmp")).doesNotExist();
    assertThat(dir.resolve("outbox/3f1c.json.tmp")).doesNotExist();
    assertThat(dir.resolve("outbox/3f1c.json")).exists();
  }
}
