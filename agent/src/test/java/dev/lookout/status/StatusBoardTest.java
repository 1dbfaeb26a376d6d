package dev.lookout.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.alert.AlertStateMachine.State;
import dev.lookout.evaluate.Finding;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * The board keeps what it rendered only while it is current: what a request writes is always what
 * rendering the latest snapshots afresh writes, whatever changed since the last request.
 */
class StatusBoardTest {
  static final UptimeView DAY =
      new UptimeView(List.of(new UptimeView.Window("24h", 0.999, 86.0, 0.0)), List.of());

  final StatusBoard board = new StatusBoard();
  final Map<String, UptimeView> uptimes = new HashMap<>();

  static TargetStatus ok(String name) {
    return StatusPageTest.probed(name, State.OK, true, List.of());
  }

  static TargetStatus failing(String name, String why) {
    return StatusPageTest.probed(name, State.FIRING, false, List.of(new Finding("status", why)));
  }

  String json(List<TargetStatus> snapshots) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    board.update(snapshots, uptimes, true, false).writeJson(StatusPageTest.AGENT, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  String page(List<TargetStatus> snapshots, Instant now) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    board
        .update(snapshots, uptimes, false, true)
        .writePage(StatusPageTest.AGENT, "f", now, "v", List.of(), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** What rendering the snapshots afresh writes: sorted, with their uptime joined. */
  List<TargetStatus> afresh(List<TargetStatus> snapshots) {
    List<TargetStatus> out = new ArrayList<>();
    for (TargetStatus s : snapshots) {
      out.add(uptimes.containsKey(s.name()) ? s.withUptime(uptimes.get(s.name())) : s);
    }
    out.sort(StatusView.ORDER);
    return out;
  }

  void assertCurrent(List<TargetStatus> snapshots, Instant now) throws IOException {
    assertThat(json(snapshots))
        .isEqualTo(StatusJson.encode(afresh(snapshots), StatusPageTest.AGENT));
    assertThat(page(snapshots, now))
        .isEqualTo(StatusPage.render(afresh(snapshots), StatusPageTest.AGENT, "f", now, "v"));
  }

  @Test
  void aResultAfterARequestShowsInTheNextOne() throws IOException {
    List<TargetStatus> snapshots = new ArrayList<>(List.of(ok("a"), ok("b"), ok("c")));
    assertCurrent(snapshots, StatusPageTest.NOW);
    snapshots.set(1, failing("b", "status 503 after the first request"));
    String next = json(snapshots);
    JsonObject b = new JsonObject(next).getJsonArray("targets").getJsonObject(0);
    assertThat(b.getString("name")).as("failing first").isEqualTo("b");
    assertThat(b.getJsonArray("findings").getJsonObject(0).getString("message"))
        .isEqualTo("status 503 after the first request");
    assertThat(new JsonObject(next).getJsonObject("summary").getInteger("failing")).isEqualTo(1);
    assertCurrent(snapshots, StatusPageTest.NOW);
    snapshots.set(1, ok("b"));
    assertCurrent(snapshots, StatusPageTest.NOW);
  }

  @Test
  void anUptimeChangeShowsWithoutANewSnapshot() throws IOException {
    List<TargetStatus> snapshots = List.of(ok("a"), ok("b"));
    assertCurrent(snapshots, StatusPageTest.NOW);
    uptimes.put("a", DAY);
    assertCurrent(snapshots, StatusPageTest.NOW);
    assertThat(json(snapshots)).contains("\"ratio\":0.999");
    // An equal view computed again, and then a different one.
    uptimes.put("a", new UptimeView(DAY.windows(), DAY.budgets()));
    assertCurrent(snapshots, StatusPageTest.NOW);
    uptimes.put(
        "a", new UptimeView(List.of(new UptimeView.Window("24h", 0.5, 43_200.0, 0.0)), List.of()));
    assertCurrent(snapshots, StatusPageTest.NOW);
    assertThat(json(snapshots)).contains("\"ratio\":0.5").doesNotContain("0.999");
  }

  @Test
  void agesAreAsOfEachRequestForTheSameSnapshot() throws IOException {
    List<TargetStatus> snapshots = List.of(ok("a"));
    Document first = Jsoup.parse(page(snapshots, StatusPageTest.NOW));
    Document later = Jsoup.parse(page(snapshots, StatusPageTest.NOW.plusSeconds(120)));
    assertThat(first.select(".since.probed").text()).isEqualTo("probed 3 s ago");
    assertThat(later.select(".since.probed").text()).isEqualTo("probed 2 min ago");
    assertThat(later.select(".since").first().text()).isEqualTo("for 7 min");
    assertCurrent(snapshots, StatusPageTest.NOW.plusSeconds(120));
  }

  @Test
  void targetsComeAndGoInOrder() throws IOException {
    List<TargetStatus> snapshots = new ArrayList<>(List.of(ok("m"), failing("z", "down"), ok("a")));
    assertCurrent(snapshots, StatusPageTest.NOW);
    snapshots.remove(0);
    snapshots.add(ok("b"));
    snapshots.add(TargetStatus.pending("0-new", "tcp"));
    assertCurrent(snapshots, StatusPageTest.NOW);
    assertThat(new JsonObject(json(snapshots)).getJsonArray("targets").stream())
        .map(t -> ((JsonObject) t).getString("name"))
        .containsExactly("z", "0-new", "a", "b");
    assertCurrent(List.of(), StatusPageTest.NOW);
    assertThat(page(List.of(), StatusPageTest.NOW)).contains("No targets yet");
  }

  @Test
  void aBoardThatLetGoRendersEveryTargetAfresh() throws IOException {
    List<TargetStatus> snapshots = new ArrayList<>(List.of(ok("a"), failing("b", "down")));
    assertCurrent(snapshots, StatusPageTest.NOW);
    board.clear();
    snapshots.set(1, ok("b"));
    snapshots.add(ok("c"));
    assertCurrent(snapshots, StatusPageTest.NOW);
  }

  @Test
  void bothSurfacesStayCurrentThroughManyUpdatesInAnyOrder() throws IOException {
    Map<String, TargetStatus> latest = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      latest.put("t" + i, i % 7 == 0 ? failing("t" + i, "down " + i) : ok("t" + i));
    }
    List<TargetStatus> snapshots = new ArrayList<>(latest.values());
    for (int round = 0; round < 5; round++) {
      for (int i = round; i < latest.size(); i += 11) {
        String name = "t" + i;
        latest.put(name, (i + round) % 3 == 0 ? failing(name, "round " + round) : ok(name));
        uptimes.put(
            name,
            new UptimeView(
                List.of(new UptimeView.Window("24h", 1.0 - round / 100.0, round, 0.0)), List.of()));
      }
      // The lanes hand their snapshots over in no particular order.
      snapshots = new ArrayList<>(latest.values());
      java.util.Collections.rotate(snapshots, 37 * round);
      assertCurrent(snapshots, StatusPageTest.NOW.plusSeconds(round * 61L));
    }
    // A target handed over twice (which the lanes never do) is shown once.
    snapshots.add(latest.get("t5"));
    assertThat(new JsonObject(json(snapshots)).getJsonArray("targets")).hasSize(300);
  }
}
