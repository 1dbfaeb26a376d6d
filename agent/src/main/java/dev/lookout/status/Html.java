package dev.lookout.status;

/**
 * Escaping for HTML text and attribute values. Everything on the status page that did not come from
 * this source file (target names, findings quoting a response body, error messages, labels, the
 * filter typed into the URL) goes through here: a target's response can contain {@code <script>}.
 */
public final class Html {
  private Html() {}

  /** Appends {@code text} with {@code & < > " '} escaped; safe in text and quoted attributes. */
  public static StringBuilder escape(StringBuilder out, String text) {
    if (text == null) {
      return out;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String entity = entity(c);
      if (entity != null) {
        out.append(entity);
      } else {
        out.append(c);
      }
    }
    return out;
  }

  /** The entity {@code c} is written as, or null for a character that needs none. */
  private static String entity(char c) {
    return switch (c) {
      case '&' -> "&amp;";
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      case '"' -> "&quot;";
      case '\'' -> "&#39;";
      default -> null;
    };
  }

  /**
   * Like {@link #escape(StringBuilder, String)}, and every character beyond ASCII as a numeric
   * character reference ({@code &#10003;}): the status page's builder then holds one byte a
   * character, and each chunk of it is its own UTF-8. Text with nothing to escape is appended
   * whole.
   */
  static StringBuilder escapeAscii(StringBuilder out, String text) {
    if (text == null) {
      return out;
    }
    int n = text.length();
    int i = 0;
    while (i < n && plain(text.charAt(i))) {
      i++;
    }
    if (i == n) {
      return out.append(text);
    }
    out.append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      String entity = entity(c);
      if (entity != null) {
        out.append(entity);
      } else if (c < 0x80) {
        out.append(c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append("&#").append(Character.toCodePoint(c, text.charAt(++i))).append(';');
      } else {
        out.append("&#").append((int) c).append(';');
      }
    }
    return out;
  }

  private static boolean plain(char c) {
    return c < 0x80 && entity(c) == null;
  }

  public static String escape(String text) {
    return text == null ? "" : escape(new StringBuilder(text.length() + 16), text).toString();
  }
}
