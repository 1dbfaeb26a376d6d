package dev.lookout.slo;

/**
 * A burn alert that started or stopped: for one target, one objective ({@code slo}) and one
 * severity (a page, or a ticket). It goes through the target's alert pipeline like any alert of the
 * target; its windows are its thresholds, so {@code after}/{@code resolve_after} do not apply.
 *
 * @param firedAt when the alert fired (for a resolve too, and across restarts): with {@code target}
 *     and {@code alert} it names the incident
 * @param alert a stable name for the alert, like {@code slo:availability:page}
 * @param severity {@code critical} for a page, {@code warning} for a ticket
 * @param burnRate the long window's burn rate when it was decided
 * @param window the long window that decided, like {@code 1h}
 */
public record BurnEvent(
    String target,
    String slo,
    BurnWindow.Severity kind,
    boolean firing,
    java.time.Instant firedAt,
    String alert,
    String severity,
    double burnRate,
    String window,
    String message) {}
