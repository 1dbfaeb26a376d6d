package dev.lookout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.alert.AlertStateJson;
import dev.lookout.alert.AlertStateMachine;
import dev.lookout.alert.AlertStateMachine.Snapshot;
import dev.lookout.evaluate.Finding;
import dev.lookout.state.StateHealth;
import dev.lookout.testing.TestVertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Alert-state persistence: what it writes per change, and what a restart reads back. */
class AlertStatesTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path dir;

  static Snapshot firing(String finding) {
    Instant t = Instant.parse("2026-12-01T19:00:00Z");
    return new Snapshot(
        AlertStateMachine.State.FIRING,
        3,
        t,
        t.plusSeconds(10),
        t.plusSeconds(10),
        true,
        List.of(new Finding("status", finding)),
        1);
  }

  AlertStates started() {
    AlertStates s = new AlertStates(loop.vertx(), dir, new StateHealth(dir));
    TestVertx.await(s.load());
    return s;
  }

  long journalLines() throws Exception {
    Path j = dir.resolve("alerts.journal");
    return Files.exists(j) ? Files.readAllLines(j).size() : 0;
  }

  @Test
  void aStormOfChangesCostsOneLinePerChangedTargetNotOneFileOfAllTargetsPerEvent()
      throws Exception {
    AlertStates states = started();
    for (int i = 0; i < 2_000; i++) {
      states.changed("shop-" + i, firing("connect refused"));
    }
    TestVertx.await(states.durable());
    assertThat(journalLines()).isEqualTo(2_000);

    states.changed("shop-7", null); // recovered: nothing left to keep
    TestVertx.await(states.durable());
    assertThat(journalLines()).isEqualTo(2_001);

    TestVertx.await(states.durable()); // nothing changed: nothing written
    assertThat(journalLines()).isEqualTo(2_001);
    TestVertx.await(states.close());

    Map<String, Snapshot> back = TestVertx.await(started().load());
    assertThat(back).hasSize(1_999).doesNotContainKey("shop-7");
    assertThat(back.get("shop-1")).isEqualTo(firing("connect refused"));
  }

  @Test
  void theJournalIsCompactedOnceItOutgrowsTheStatesItDescribes() throws Exception {
    AlertStates states = started();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 500; i++) {
        states.changed("t-" + i, firing("round " + round));
        states.changed("t-" + i, null);
        states.changed("t-" + i, firing("round " + round));
      }
      TestVertx.await(states.durable());
    }
    // 1,500 lines for 500 states: past the 1,024-line floor, so the journal was folded in.
    assertThat(journalLines()).isLessThan(1_024);
    assertThat(AlertStateJson.decode(Buffer.buffer(Files.readAllBytes(dir.resolve("alerts.json")))))
        .hasSize(500);
  }

  @Test
  void aRestartAfterAKillReadsTheFileAndEveryCompleteJournalLine() throws Exception {
    Files.write(
        dir.resolve("alerts.json"),
        AlertStateJson.encode(Map.of("old", firing("from the file"), "gone", firing("x")), 4)
            .getBytes());
    Buffer journal =
        Buffer.buffer()
            // Already in the file (a kill between writing it and emptying the journal).
            .appendBuffer(AlertStateJson.line(4, "old", firing("stale")))
            .appendBuffer(AlertStateJson.line(5, "gone", null))
            .appendBuffer(AlertStateJson.line(6, "new", firing("from the journal")))
            .appendString("{\"seq\":7,\"target\":\"new\",\"sta"); // cut short by the kill
    Files.write(dir.resolve("alerts.journal"), journal.getBytes());

    Map<String, Snapshot> back = TestVertx.await(started().load());
    assertThat(back.keySet()).containsExactlyInAnyOrder("old", "new");
    assertThat(back.get("old").findings().get(0).message()).isEqualTo("from the file");
    assertThat(back.get("new").findings().get(0).message()).isEqualTo("from the journal");
  }
}
