package dev.lookout.probe;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Turning what a peer sent into something safe to put in a reason. */
public final class Text {
  private Text() {}

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
