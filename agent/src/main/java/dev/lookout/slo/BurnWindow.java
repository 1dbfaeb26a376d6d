package dev.lookout.slo;

import java.time.Duration;

/**
 * The multiwindow, multi-burn-rate alerts of the Google SRE workbook (chapter 5, "Alerting on
 * SLOs", table 5-8), for a 30-day budget: a page when 2 % of it goes in an hour or 5 % in six; a
 * ticket when 10 % goes in a day or in three. The long window says the burn matters, the short one
 * that it is still going on, so an alert resolves minutes after the burning stops. The short window
 * must also hold {@link #MIN_BAD_PROBES} bad probes: at a five-minute interval one failed probe is
 * ten minutes of bad time, which alone would outburn every factor below.
 */
public enum BurnWindow {
  PAGE_1H(Duration.ofHours(1), Duration.ofMinutes(5), 14.4, Severity.PAGE),
  PAGE_6H(Duration.ofHours(6), Duration.ofMinutes(30), 6, Severity.PAGE),
  TICKET_1D(Duration.ofDays(1), Duration.ofHours(2), 3, Severity.TICKET),
  TICKET_3D(Duration.ofDays(3), Duration.ofHours(6), 1, Severity.TICKET);

  /** Bad probes the short window must hold before its burn counts. */
  public static final int MIN_BAD_PROBES = 2;

  public final Duration longWindow;
  public final Duration shortWindow;
  public final double factor;
  public final Severity severity;

  BurnWindow(Duration longWindow, Duration shortWindow, double factor, Severity severity) {
    this.longWindow = longWindow;
    this.shortWindow = shortWindow;
    this.factor = factor;
    this.severity = severity;
  }

  /** A page wakes someone up ({@code critical}); a ticket waits for working hours. */
  public enum Severity {
    PAGE("critical"),
    TICKET("warning");

    public final String alertSeverity;

    Severity(String alertSeverity) {
      this.alertSeverity = alertSeverity;
    }

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Every window a burn rate is reported over, short to long, as in {@code window} labels. */
  public static final java.util.List<Duration> RATE_WINDOWS =
      java.util.List.of(
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(6),
          Duration.ofDays(1),
          Duration.ofDays(3));

  /** {@code 5m}, {@code 1h}, {@code 3d}: the label and Prometheus range spelling. */
  public static String label(Duration d) {
    long m = d.toMinutes();
    if (m % 1440 == 0) {
      return m / 1440 + "d";
    }
    if (m % 60 == 0) {
      return m / 60 + "h";
    }
    return m + "m";
  }
}
