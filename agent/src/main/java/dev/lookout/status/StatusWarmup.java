package dev.lookout.status;

import dev.lookout.alert.AlertStateMachine.State;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow;
import dev.lookout.status.StatusView.AgentInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders the page and {@code /api/status} for made-up targets into nothing, so the first real
 * request after a start finds the code loaded and compiled: interpreted, a 5,000-target page takes
 * several times longer the first time than the next. A few thousand rows (what the JIT needs to
 * compile a row's methods), every kind of row (healthy, failing, waiting, with findings, limits,
 * labels and uptime), and nothing kept afterwards. Blocking: for a worker thread.
 */
public final class StatusWarmup {
  /** Rows per render; each endpoint renders them {@link #PASSES} times. */
  static final int ROWS = 500;

  static final int PASSES = 4;

  private StatusWarmup() {}

  /** Renders both endpoints; returns how many rows were written, so the work cannot be elided. */
  public static long run() throws IOException {
    Instant now = Instant.now();
    List<TargetStatus> statuses = statuses(now);
    AgentInfo agent = new AgentInfo(Map.of("env", "warm-up"), "warm-up", "1/1", true);
    Counting out = new Counting();
    for (int i = 0; i < PASSES; i++) {
      StatusPage.write(statuses, agent, "firing", now, "warm-up", List.of(), out);
      StatusJson.write(statuses, agent, out);
    }
    // And what a request does with the rows kept: order them, fill in the holes, copy them out.
    StatusBoard board = new StatusBoard();
    for (int i = 0; i < PASSES; i++) {
      StatusBoard.Frame frame = board.update(statuses, Map.of(), true, true);
      frame.writeJson(agent, out);
      frame.writePage(agent, "firing", now, "warm-up", List.of(), out);
    }
    return out.bytes;
  }

  static List<TargetStatus> statuses(Instant now) {
    LatencyWindow window = new LatencyWindow(Duration.ofMinutes(5));
    for (int i = 0; i < 40; i++) {
      window.add(i * 1_000_000_000L, 0.004 + (i % 7) * 0.0013);
    }
    UptimeView uptime =
        new UptimeView(
            List.of(
                new UptimeView.Window("24h", 0.9995, 43.0, 0.0),
                new UptimeView.Window("7d", Double.NaN, 0.0, 604_800.0),
                new UptimeView.Window("30d", 0.98765, 32_000.0, 12.5)),
            List.of(
                new UptimeView.BudgetLeft(
                    "availability", 0.999, "30d", 0.72, "budget left: 31 min of 43 min (72 %)")));
    List<TargetStatus> out = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      boolean healthy = i % 4 != 0;
      String name = i % 50 == 0 ? "warm up <" + i + "> \u2713" : "warm-up-" + i;
      TargetInfo info =
          new TargetInfo(
              "GET http://127.0.0.1:9/" + i,
              i % 3 == 0 ? Map.of("team", "ops", "tier", "1") : Map.of(),
              i % 5 == 0 ? 0.8 : Double.NaN,
              i % 7 == 0 ? 1.5 : Double.NaN);
      TargetStatus s =
          i % 10 == 9
              ? TargetStatus.pending(name, "tcp", info)
              : new TargetStatus(
                  name,
                  "http",
                  healthy ? State.OK : i % 8 == 0 ? State.FIRING : State.PENDING,
                  healthy,
                  now.minusMillis(1234 + i),
                  0.0123,
                  healthy ? null : "connect to 127.0.0.1:9 refused",
                  healthy ? List.of() : List.of(new Finding("status", "status 503, expected 200")),
                  window.quantiles(),
                  healthy ? null : now.minusSeconds(300),
                  now.minusSeconds(600 + i),
                  new TargetDetail(
                      List.of("HTTP 200", "certificate: 45 days left"),
                      List.of(
                          TargetDetail.Field.of("cert_days_left", 45L),
                          TargetDetail.Field.of("ratio", 0.5),
                          TargetDetail.Field.of("lines", List.of("a", "b")))),
                  window.trail(40),
                  uptime,
                  info,
                  null);
      out.add(s);
    }
    return out;
  }

  /** Counts what it is given and keeps none of it. */
  private static final class Counting extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
