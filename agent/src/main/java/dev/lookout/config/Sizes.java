package dev.lookout.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes: {@code 512}, {@code 64KiB}, {@code 1MiB}, {@code 10MB}. */
public final class Sizes {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?", Pattern.CASE_INSENSITIVE);

  private Sizes() {}

  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a size (use bytes or a unit: 64KiB, 1MiB, 10MB)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    long factor =
        switch (unit) {
          case "KB" -> 1000L;
          case "KIB" -> 1024L;
          case "MB" -> 1000L * 1000;
          case "MIB" -> 1024L * 1024;
          case "GB" -> 1000L * 1000 * 1000;
          case "GIB" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    return Math.multiplyExact(n, factor);
  }

  public static String human(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " bytes";
  }
}
