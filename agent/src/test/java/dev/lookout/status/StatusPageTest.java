package dev.lookout.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.alert.AlertStateMachine.State;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow;
import dev.lookout.status.StatusView.AgentInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTML of {@code /}, rendered from snapshots without a running agent. */
class StatusPageTest {
  static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
  static final AgentInfo AGENT = new AgentInfo(Map.of("env", "prod"), "1.2.3", "1/1", true);

  static TargetStatus probed(String name, State state, boolean healthy, List<Finding> findings) {
    LatencyWindow w = new LatencyWindow(Duration.ofMinutes(5));
    for (int i = 0; i < 10; i++) {
      w.add(i * 1_000_000_000L, 0.010 + i * 0.002);
    }
    return new TargetStatus(
        name,
        "http",
        state,
        healthy,
        NOW.minusSeconds(3),
        0.012,
        null,
        findings,
        w.quantiles(),
        healthy ? null : NOW.minusSeconds(300),
        NOW.minusSeconds(300),
        new TargetDetail(
            List.of("HTTP 200", "certificate: 45 days left"),
            List.of(TargetDetail.Field.of("cert_days_left", 45L))),
        w.trail(40),
        null,
        null,
        null);
  }

  static String render(List<TargetStatus> statuses, String filter) {
    return StatusPage.render(statuses, AGENT, filter, NOW, "abc123");
  }

  @Test
  void anOverloadedAgentSaysSoAboveTheRowsAndInTheApi() {
    AgentInfo overloaded =
        new AgentInfo(
            Map.of("env", "prod"),
            "1.2.3",
            "1/1",
            false,
            Map.of(
                "overloaded", "in the last minute probes started up to 52 s late <b>",
                "state_dir", "state directory /var/lib/lookout is not writable"));
    String html = StatusPage.render(List.of(), overloaded, null, NOW, "v");
    assertThat(html)
        .contains(
            "<p class=\"not-ready\"><b>overloaded</b>: in the last minute probes started up to 52"
                + " s late &lt;b&gt;</p>")
        .contains("<b>state_dir</b>: state directory /var/lib/lookout is not writable")
        .doesNotContain(">starting<");
    io.vertx.core.json.JsonObject agent =
        new io.vertx.core.json.JsonObject(StatusJson.encode(List.of(), overloaded))
            .getJsonObject("agent");
    assertThat(agent.getBoolean("ready")).isFalse();
    assertThat(agent.getBoolean("overloaded")).isTrue();
    assertThat(agent.getJsonObject("not_ready").getString("overloaded"))
        .isEqualTo("in the last minute probes started up to 52 s late <b>");
    assertThat(
            new io.vertx.core.json.JsonObject(StatusJson.encode(List.of(), AGENT))
                .getJsonObject("agent")
                .getBoolean("overloaded"))
        .isFalse();
  }

  /**
   * What an operator looked for in a row: what the target checks, its labels, when it was last
   * probed, its limits next to the figures, the sparkline's scale and a link to its own page.
   */
  @Test
  void rowsShowWhatIsCheckedLabelsLastProbeLimitsAndScale() {
    TargetStatus base = probed("checkout <x>", State.OK, true, List.of());
    TargetStatus s =
        base.withInfo(
            new TargetInfo(
                "POST https://shop.example.com/api/checkout",
                Map.of("team", "payments", "flow", "checkout"),
                0.8,
                Double.NaN));
    String html = render(List.of(s), null);
    assertThat(html)
        .contains("<a href=\"targets/checkout%20%3Cx%3E\">checkout &lt;x&gt;</a>")
        .contains("<div class=\"where\">POST https://shop.example.com/api/checkout</div>")
        .contains(
            "<div class=\"labels\"><span class=\"label\">flow=checkout</span> "
                + "<span class=\"label\">team=payments</span> </div>")
        .contains(">probed 3 s ago</div>")
        .contains(
            "<span>28 ms</span> <span class=\"limit\" title=\"expected below\">(&#8804; 800 ms)</span>"
                + " / <span>28 ms</span><svg")
        .contains("<span class=\"scale\" title=\"the sparkline's top\">max 28 ms</span>");
    io.vertx.core.json.JsonObject t =
        new io.vertx.core.json.JsonObject(StatusJson.encode(List.of(s), AGENT))
            .getJsonArray("targets")
            .getJsonObject(0);
    assertThat(t.getString("checks")).isEqualTo("POST https://shop.example.com/api/checkout");
    assertThat(t.getJsonObject("labels").getString("team")).isEqualTo("payments");
    assertThat(t.getJsonObject("latency").getDouble("p95_limit_seconds")).isEqualTo(0.8);
    assertThat(t.getJsonObject("latency").containsKey("p99_limit_seconds")).isFalse();
  }

  /** {@code /targets/<name>}: the findings, the details and the verdict changes, escaped. */
  @Test
  void theTargetPageListsFindingsAndTheirHistoryEscaped() {
    TargetStatus s =
        new TargetStatus(
            "api",
            "http",
            State.FIRING,
            false,
            NOW.minusSeconds(3),
            0.012,
            null,
            List.of(new Finding("body_contains", "body does not contain \"<script>x</script>\"")),
            LatencyWindow.Quantiles.EMPTY,
            NOW.minusSeconds(300),
            NOW.minusSeconds(300),
            TargetDetail.EMPTY,
            null,
            null,
            new TargetInfo("https://api.example.com/health", Map.of(), Double.NaN, Double.NaN),
            List.of(
                new TargetInfo.Change(NOW.minusSeconds(3600), true, List.of()),
                new TargetInfo.Change(
                    NOW.minusSeconds(300), false, List.of("status 503, expected 200 <b>"))));
    String html = TargetPage.render(s, NOW, "v");
    assertThat(html)
        .contains("<title>api · Lookout</title>")
        .contains("href=\"../status/status.css?v=v\"")
        .doesNotContain("<script")
        .contains("<li>body does not contain &quot;&lt;script&gt;x&lt;/script&gt;&quot;</li>")
        .contains("<div class=\"where\">https://api.example.com/health</div>")
        .contains("3 s ago (2026-11-28T01:59:57Z)");
    // Newest change first.
    assertThat(html.indexOf("status 503, expected 200 &lt;b&gt;"))
        .isGreaterThan(0)
        .isLessThan(html.indexOf("\u2713 passed"));
  }

  @Test
  void rowsShowStateAsColourSymbolAndWord() {
    String html =
        render(
            List.of(
                probed(
                    "api",
                    State.FIRING,
                    false,
                    List.of(new Finding("status", "status 503, expected 200"))),
                probed(
                    "shop",
                    State.PENDING,
                    false,
                    List.of(new Finding("status", "status 502, expected 200"))),
                probed("www", State.OK, true, List.of()),
                TargetStatus.pending("new-one", "tls")),
            null);
    assertThat(html)
        .contains(
            "<tr data-name=\"api\" data-type=\"http\" data-state=\"firing\"><td class=\"name\"><a href=\"targets/api\">api</a></td>"
                + "<td class=\"type\">http</td><td class=\"st\"><span class=\"state s-bad\">"
                + "<span aria-hidden=\"true\">&#10007;</span> firing</span><div class=\"since\">for 5 min</div>")
        .contains("<span class=\"state s-warn\"><span aria-hidden=\"true\">!</span> pending</span>")
        .contains("<span class=\"state s-ok\"><span aria-hidden=\"true\">&#10003;</span> ok</span>")
        .contains(
            "data-state=\"waiting\"><td class=\"name\"><a href=\"targets/new-one\">new-one</a></td><td class=\"type\">tls</td>"
                + "<td class=\"st\"><span class=\"state s-neutral\"><span aria-hidden=\"true\">&#9675;</span> waiting</span></td>")
        .contains("<li>status 503, expected 200</li>")
        .contains("<li>certificate: 45 days left</li>")
        .contains("<span>18 ms</span> / <span>28 ms</span> / <span>28 ms</span>")
        .contains("<svg class=\"spark\" viewBox=\"0 0 80 18\"")
        .contains("<polyline points=\"0,11.3 9,10.1 ");
    assertThat(html.indexOf("data-name=\"api\"")).isLessThan(html.indexOf("data-name=\"www\""));
  }

  @Test
  void summaryCountsHealthyFailingWaitingAndAlertsWithLabelsAndVersion() {
    String html =
        render(
            List.of(
                probed("api", State.FIRING, false, List.of(new Finding("status", "down"))),
                probed("www", State.OK, true, List.of()),
                TargetStatus.pending("new-one", "tls")),
            null);
    assertThat(html)
        .contains(
            "<p id=\"summary\" class=\"summary\">3 targets: <b class=\"n-ok\">1 healthy</b>,"
                + " <b class=\"n-bad\">1 failing</b>, 1 waiting for a first probe &#183; alerts: 1 firing</p>")
        .contains("<span class=\"label\">env=prod</span>")
        .contains("<span class=\"label\">version 1.2.3</span>");
  }

  @ParameterizedTest
  @CsvSource({
    "ok, s-ok, ok",
    "firing, s-bad, firing",
    "pending, s-warn, pending",
    "silenced, s-muted, silenced",
    "unknown, s-neutral, waiting",
    "acknowledged, s-neutral, acknowledged"
  })
  void everyStateWordHasAColourAndAWordEvenOnesAddedLater(String state, String css, String word) {
    StateStyle s = StateStyle.of(state);
    assertThat("s-" + s.css()).isEqualTo(css);
    assertThat(s.word()).isEqualTo(word);
    assertThat(s.symbol()).isNotBlank();
  }

  @Test
  void aHostileFindingAndNameAreEscaped() {
    String hostile = "body contains <script>alert(\"x\")</script> & 'more'";
    String html =
        render(
            List.of(
                probed(
                    "<img src=x onerror=alert(1)>",
                    State.FIRING,
                    false,
                    List.of(new Finding("body_contains", hostile)))),
            "\"><script>alert(2)</script>");
    assertThat(html)
        .doesNotContain("<script>alert")
        .doesNotContain("<img src=x")
        .contains(
            "<li>body contains &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;</li>")
        .contains("data-name=\"&lt;img src=x onerror=alert(1)&gt;\"")
        .contains("value=\"&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;\"");
  }

  @Test
  void anEmptyConfigSaysSoInsteadOfAnEmptyTable() {
    String html = render(List.of(), null);
    assertThat(html)
        .contains(
            "0 targets: <b class=\"n-ok\">0 healthy</b>, <b class=\"n-bad\">0 failing</b></p>")
        .contains("No targets yet")
        .contains("<tbody>\n</tbody>");
  }

  @Test
  void pageLoadsOnlyItsOwnVersionedAssets() {
    String html = render(List.of(), null);
    assertThat(html)
        .contains("<link rel=\"stylesheet\" href=\"status/status.css?v=abc123\">")
        .contains("<script src=\"status/status.js?v=abc123\" defer></script>")
        .contains("<meta name=\"viewport\"")
        .doesNotContain("http://")
        .doesNotContain("https://");
  }

  @Test
  void fiveThousandRowsRenderEveryRowOnce() {
    // How fast they render is the status benchmark's to measure (bench/run-status-benchmark.sh);
    // a timed assertion here only measured how busy the build machine was.
    List<TargetStatus> many = new java.util.ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      many.add(
          probed("target-" + i, i % 10 == 0 ? State.FIRING : State.OK, i % 10 != 0, List.of()));
    }
    String html = render(many, null);
    assertThat(html).contains("data-name=\"target-0\"").contains("data-name=\"target-4999\"");
    assertThat(html.split("data-name=\"target-", -1)).hasSize(5001);
  }
}
