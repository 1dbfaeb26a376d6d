package dev.lookout.status;

/**
 * Rounded decimals written with integer arithmetic: a 5,000-target page or API answer has 200,000
 * latency samples, and {@link Double#toString} of each was a third of its cost. The text is what
 * {@code Double.toString(Math.round(v * 10^places) / 10^places)} prints for everyday magnitudes,
 * but never in scientific notation ({@code 0.0001}, not {@code 1.0E-4}).
 */
final class Decimals {
  private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  private Decimals() {}

  /** {@code v} rounded to {@code places} (1–6) decimals, trailing zeros dropped but one. */
  static StringBuilder fixed(StringBuilder out, double v, int places) {
    long scale = POW10[places];
    long n = Math.round(v * scale);
    if (n < 0) {
      out.append('-');
      n = -n;
    }
    out.append(n / scale).append('.');
    long fraction = n % scale;
    int digits = places;
    while (digits > 1 && fraction % 10 == 0) {
      fraction /= 10;
      digits--;
    }
    for (long p = POW10[digits - 1]; p > 1 && fraction < p; p /= 10) {
      out.append('0');
    }
    return out.append(fraction);
  }

  /** {@code Math.round(v * 10) / 10f} as {@link Float#toString} prints it, for v ≥ 0. */
  static StringBuilder tenths(StringBuilder out, float v) {
    int t = Math.round(v * 10);
    return out.append(t / 10).append('.').append(t % 10);
  }
}
