package dev.lookout.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sample values out of a Prometheus text-format scrape, as Prometheus would see them. */
public final class Scrapes {
  private static final Pattern SAMPLE =
      Pattern.compile("(?m)^([a-zA-Z_:][\\w:]*)\\{([^}]*)\\} (\\S+)$");

  private Scrapes() {}

  /**
   * The value of the one sample named {@code name} whose labels include every {@code key, value}
   * pair given; fails when there is none.
   */
  public static double value(String exposition, String name, String... labelPairs) {
    Matcher m = SAMPLE.matcher(exposition);
    while (m.find()) {
      if (m.group(1).equals(name) && hasAll(m.group(2), labelPairs)) {
        return parse(m.group(3));
      }
    }
    throw new AssertionError(
        "no sample " + name + " with " + String.join(",", labelPairs) + " in:\n" + exposition);
  }

  private static boolean hasAll(String labels, String[] pairs) {
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (!("," + labels + ",").contains("," + pairs[i] + "=\"" + pairs[i + 1] + "\",")) {
        return false;
      }
    }
    return true;
  }

  private static double parse(String v) {
    switch (v) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(v);
    }
  }
}
