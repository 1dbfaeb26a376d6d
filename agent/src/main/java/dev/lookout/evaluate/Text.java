package dev.lookout.evaluate;

/** Keeps text from the outside world short and on one line inside a finding. */
public final class Text {
  private Text() {}

  public static String clip(String s) {
    return clip(s, 120);
  }

  public static String clip(String s, int max) {
    String one = s.replaceAll("[\\r\\n\\t]+", " ");
    return one.length() > max ? one.substring(0, max) + "…" : one;
  }
}
