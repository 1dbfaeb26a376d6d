package dev.lookout.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.alert.AlertStateMachine.State;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The page and {@code /api/status} written out in chunks: many chunks' worth of rows arrive whole
 * and in order, in ASCII (everything beyond it escaped), and read back as the original text.
 */
class ChunkedRenderingTest {
  static final String[] NAMES = {"café", "✓ checkout", "日本語", "emoji 😀 <b>", "plain"};

  static List<TargetStatus> many(int n) {
    List<TargetStatus> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = String.format("%05d %s", i, NAMES[i % NAMES.length]);
      out.add(
          StatusPageTest.probed(
              name,
              i % 3 == 0 ? State.FIRING : State.OK,
              i % 3 != 0,
              List.of(new dev.lookout.evaluate.Finding("status", "got ≠ want for " + name))));
    }
    return out;
  }

  @Test
  void apiOfManyChunksIsAsciiAndReadsBackEveryName() throws Exception {
    List<TargetStatus> statuses = many(2_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StatusJson.write(statuses, StatusPageTest.AGENT, out);
    byte[] bytes = out.toByteArray();
    assertThat(bytes.length).isGreaterThan(10 * Chunks.SIZE);
    assertThat(ascii(bytes)).as("every byte is ASCII").isTrue();
    JsonArray targets =
        new JsonObject(new String(bytes, StandardCharsets.UTF_8)).getJsonArray("targets");
    assertThat(targets.size()).isEqualTo(statuses.size());
    for (int i = 0; i < statuses.size(); i++) {
      JsonObject t = targets.getJsonObject(i);
      assertThat(t.getString("name")).isEqualTo(statuses.get(i).name());
      assertThat(t.getJsonArray("findings").getJsonObject(0).getString("message"))
          .isEqualTo("got ≠ want for " + statuses.get(i).name());
    }
  }

  @Test
  void pageOfManyChunksIsAsciiAndReadsBackEveryName() throws Exception {
    List<TargetStatus> statuses = many(2_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StatusPage.write(
        statuses, StatusPageTest.AGENT, "café ✓", StatusPageTest.NOW, "v", List.of(), out);
    byte[] bytes = out.toByteArray();
    assertThat(ascii(bytes)).as("every byte is ASCII").isTrue();
    String html = new String(bytes, StandardCharsets.UTF_8);
    assertThat(html)
        .isEqualTo(
            StatusPage.render(statuses, StatusPageTest.AGENT, "café ✓", StatusPageTest.NOW, "v"));
    Document doc = Jsoup.parse(html);
    assertThat(doc.select("#filter").attr("value")).isEqualTo("café ✓");
    var rows = doc.select("#targets tbody tr");
    assertThat(rows).hasSize(statuses.size());
    for (int i = 0; i < statuses.size(); i++) {
      assertThat(rows.get(i).attr("data-name")).isEqualTo(statuses.get(i).name());
      assertThat(rows.get(i).select("td.name a").text()).isEqualTo(statuses.get(i).name());
    }
    assertThat(rows.get(0).select(".state span").text()).isEqualTo("✗");
    assertThat(rows.get(1).select(".state span").text()).isEqualTo("✓");
    assertThat(html).endsWith("</html>\n");
  }

  @Test
  void warmUpRendersEveryKindOfRowWithoutFailing() throws Exception {
    assertThat(StatusWarmup.run()).isGreaterThan(StatusWarmup.ROWS * 1000L);
    List<TargetStatus> made = StatusWarmup.statuses(Instant.now());
    assertThat(made.stream().map(StatusView::state).distinct())
        .contains("ok", "pending", "firing", "unknown");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-12-02T02:16:25Z",
        "2026-12-02T02:16:25.100Z",
        "2026-12-02T02:16:25.000100Z",
        "2026-12-02T02:16:25.000000001Z",
        "2026-12-02T02:16:25.471969007Z",
        "1970-01-01T00:00:00.010Z",
        "2026-12-02T02:16:00Z"
      })
  void instantsReadAsInstantToString(String text) {
    Instant t = Instant.parse(text);
    InstantText instants = new InstantText();
    StringBuilder out = new StringBuilder();
    instants.append(out, t.plusSeconds(64)).append(' ');
    instants.append(out, t);
    assertThat(out.toString()).isEqualTo(t.plusSeconds(64) + " " + t);
  }

  @Test
  void decimalsReadAsTheRoundedDoubleAndFloat() {
    for (int i = 0; i < 200_000; i += 7) {
      double seconds = i / 37_000.0;
      double rounded = Math.round(seconds * 10_000.0) / 10_000.0;
      assertThat(Double.parseDouble(Decimals.fixed(new StringBuilder(), seconds, 4).toString()))
          .isEqualTo(rounded);
      if (rounded >= 1e-3) {
        assertThat(Decimals.fixed(new StringBuilder(), seconds, 4).toString())
            .isEqualTo(String.valueOf(rounded));
      }
    }
    assertThat(Decimals.fixed(new StringBuilder(), 0.0001, 4).toString()).isEqualTo("0.0001");
    for (int i = 0; i <= 1800; i++) {
      float y = i / 100f;
      assertThat(Decimals.tenths(new StringBuilder(), y).toString())
          .isEqualTo(String.valueOf(Math.round(y * 10) / 10f));
    }
  }

  @Test
  void latencyAndUptimeTextsReadAsTheRoundedDouble() {
    for (int i = 0; i < 400_000; i += 13) {
      double seconds = i / 100_000.0;
      String expected =
          seconds < 0.01
              ? Math.round(seconds * 10_000) / 10.0 + " ms"
              : seconds < 1
                  ? Math.round(seconds * 1000) + " ms"
                  : Math.round(seconds * 100) / 100.0 + " s";
      assertThat(StatusView.latency(seconds)).isEqualTo(expected);
    }
    for (int i = 0; i <= 10_000; i++) {
      double ratio = i / 10_000.0;
      double p = Math.floor(ratio * 10_000) / 100.0;
      String expected = (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + " %";
      assertThat(StatusView.uptime(ratio)).isEqualTo(expected);
    }
  }

  static boolean ascii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }
}
