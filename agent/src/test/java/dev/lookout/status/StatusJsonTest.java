package dev.lookout.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.alert.AlertStateMachine.State;
import dev.lookout.evaluate.Finding;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of {@code /api/status} parses back to what the snapshots say. */
class StatusJsonTest {
  @Test
  void hostileTextSurvivesARoundTripAndStaysInert() {
    String hostile = "\"quoted\" \\ back <script>\n\ttab \u0001 \u2028 & done";
    TargetStatus s =
        StatusPageTest.probed("a\"b", State.FIRING, false, List.of(new Finding("body", hostile)));
    String json = StatusJson.encode(List.of(s), StatusPageTest.AGENT);
    assertThat(json).doesNotContain("<script>").doesNotContain("\u2028");
    JsonObject parsed = new JsonObject(json);
    JsonObject t = parsed.getJsonArray("targets").getJsonObject(0);
    assertThat(t.getString("name")).isEqualTo("a\"b");
    assertThat(t.getJsonArray("findings").getJsonObject(0).getString("message")).isEqualTo(hostile);
    assertThat(t.getString("state")).isEqualTo("firing");
    assertThat(t.getJsonObject("latency").getJsonArray("recent_seconds")).hasSize(10);
    assertThat(t.getJsonObject("latency").getJsonArray("recent_seconds").getDouble(1))
        .isEqualTo(0.012);
    assertThat(t.getJsonObject("detail").getLong("cert_days_left")).isEqualTo(45L);
    assertThat(parsed.getJsonObject("agent").getString("version")).isEqualTo("1.2.3");
  }

  @Test
  void credentialsInAUrlNeverReachThePageOrTheApi() {
    String finding =
        "no certificate to check: http://admin:hunter2@shop.test/x?a=1 is not served over https";
    TargetStatus s =
        StatusPageTest.probed(
            "shop", State.FIRING, false, List.of(new Finding("cert_days_above", finding)));
    String json = StatusJson.encode(List.of(s), StatusPageTest.AGENT);
    String html =
        StatusPage.render(List.of(s), StatusPageTest.AGENT, null, StatusPageTest.NOW, "v");
    assertThat(json).doesNotContain("hunter2").contains("http://***@shop.test/x?a=1");
    assertThat(html).doesNotContain("hunter2").contains("http://***@shop.test/x?a=1");
    assertThat(StatusView.redact("mail ops@example.com about https://a.test/"))
        .isEqualTo("mail ops@example.com about https://a.test/");
  }

  @Test
  void aTargetNotProbedYetHasNullsNotNaN() {
    String json =
        StatusJson.encode(List.of(TargetStatus.pending("new", "dns")), StatusPageTest.AGENT);
    JsonObject t = new JsonObject(json).getJsonArray("targets").getJsonObject(0);
    assertThat(t.getString("state")).isEqualTo("unknown");
    assertThat(t.getValue("healthy")).isNull();
    assertThat(t.getValue("last_duration_seconds")).isNull();
    assertThat(t.getJsonObject("latency").getInteger("samples")).isZero();
    assertThat(new JsonObject(json).getJsonObject("summary").getInteger("waiting")).isEqualTo(1);
  }
}
