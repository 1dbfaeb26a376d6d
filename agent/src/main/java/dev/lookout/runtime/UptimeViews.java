package dev.lookout.runtime;

import dev.lookout.slo.Budget;
import dev.lookout.slo.BurnWindow;
import dev.lookout.slo.Uptime;
import dev.lookout.status.UptimeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The SLO tracker's reports as the status read model shows them (status does not know slo). */
final class UptimeViews {
  private UptimeViews() {}

  static Map<String, UptimeView> of(Map<String, Uptime.Report> reports) {
    Map<String, UptimeView> out = new HashMap<>(reports.size() * 2);
    reports.forEach((name, r) -> out.put(name, of(r)));
    return Map.copyOf(out);
  }

  static UptimeView of(Uptime.Report r) {
    List<UptimeView.Window> windows = new ArrayList<>();
    for (Uptime u : r.uptime()) {
      windows.add(new UptimeView.Window(u.label(), u.ratio(), u.downSeconds(), u.unknownSeconds()));
    }
    List<UptimeView.BudgetLeft> budgets = new ArrayList<>();
    for (Budget b : r.budgets()) {
      budgets.add(
          new UptimeView.BudgetLeft(
              b.slo(), b.objective(), BurnWindow.label(b.window()), b.remainingRatio(), b.text()));
    }
    return new UptimeView(windows, budgets);
  }
}
