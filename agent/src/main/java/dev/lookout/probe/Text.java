package dev.lookout.probe;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turning text from the outside world (what a peer sent, a record, a target name) into something
 * safe and short inside a reason, a finding or a notification: the one place text is clipped.
 */
public final class Text {
  private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\t]+");
  private static final Pattern CONTROLS = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+");

  private Text() {}

  /** {@code s} cut to {@code max} characters, with an ellipsis when something was cut. */
  public static String shorten(String s, int max) {
    return s.length() > max ? s.substring(0, max) + "…" : s;
  }

  /** {@link #clip(String, int)} to 120 characters. */
  public static String clip(String s) {
    return clip(s, 120);
  }

  /** {@code s} on one line (each run of CR, LF and tabs one space), {@link #shorten shortened}. */
  public static String clip(String s, int max) {
    return shorten(LINE_BREAKS.matcher(s).replaceAll(" "), max);
  }

  /**
   * {@code s} on one line for a log line, a mail subject or a chat message: each run of control
   * characters and Unicode line separators one space, stripped, {@link #shorten shortened}; empty
   * for null.
   */
  public static String oneLine(String s, int max) {
    if (s == null) {
      return "";
    }
    return shorten(CONTROLS.matcher(s).replaceAll(" ").strip(), max);
  }

  /**
   * {@code s} with control characters escaped ({@code \r}, {@code \n}, {@code \t}, else {@code
   * \xNN}) and clipped to about {@code max} characters, with an ellipsis when something was left
   * out.
   */
  public static String printable(String s, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      String piece = escape(s.charAt(i));
      if (out.length() + piece.length() > max) {
        return out.append('…').toString();
      }
      out.append(piece);
    }
    return out.toString();
  }

  /** Bytes a peer sent, read one character per byte (ISO-8859-1), made printable. */
  public static String printable(byte[] bytes, int max) {
    return printable(new String(bytes, StandardCharsets.ISO_8859_1), max);
  }

  private static String escape(char c) {
    return switch (c) {
      case '\r' -> "\\r";
      case '\n' -> "\\n";
      case '\t' -> "\\t";
      default ->
          c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)
              ? String.format(Locale.ROOT, "\\x%02x", (int) c)
              : String.valueOf(c);
    };
  }
}
