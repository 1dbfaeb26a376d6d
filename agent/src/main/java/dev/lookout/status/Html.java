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
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out;
  }

  public static String escape(String text) {
    return text == null ? "" : escape(new StringBuilder(text.length() + 16), text).toString();
  }
}
