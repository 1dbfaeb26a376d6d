package dev.lookout.config;

/**
 * The rule for config text that Lookout writes into a protocol line: an HTTP request line or
 * header, an SMTP command or mail header, a TLS server name. A CR or LF there would end the line
 * early and let the rest be read as a line of its own (header injection, RFC 9112 §2.2), and a NUL
 * or another control character is rejected by the encoders at run time, so such text is refused
 * when the config is loaded, where the error can name the place. HTAB stays legal inside header
 * values (RFC 9110 §5.5). Request bodies are not held to this: they are framed by {@code
 * Content-Length}, so no byte in them can end anything early.
 */
public final class WireText {
  private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

  private WireText() {}

  /**
   * Why {@code name} cannot be an HTTP header name (or method), or null when it is a token (RFC
   * 9110 §5.1, §9.1: letters, digits and {@code !#$%&'*+-.^_`|~}).
   */
  public static String tokenProblem(String name) {
    if (name.isEmpty()) {
      return "is empty";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isTchar(c)) {
        return "contains "
            + describe(c)
            + " (a name may only have letters, digits and "
            + TCHAR_SYMBOLS
            + ")";
      }
    }
    return null;
  }

  /**
   * Why {@code value} cannot be written on one protocol line, or null when it can: no CR, LF, NUL
   * or other control character; a tab is allowed.
   */
  public static String lineProblem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (isControl(c) && c != '\t') {
        return "contains " + describe(c) + ", which would break the line it is sent on";
      }
    }
    return null;
  }

  /** Like {@link #lineProblem} but without tabs or spaces either: a host name, an address. */
  public static String wordProblem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (isControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return "contains " + describe(c) + " (write it without spaces or control characters)";
      }
    }
    return null;
  }

  /** Config text quoted back in an error, on one line: control characters shown escaped. */
  public static String printable(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isControl(c)) {
        out.append(escape(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isTchar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || TCHAR_SYMBOLS.indexOf(c) >= 0;
  }

  private static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
  }

  private static String describe(char c) {
    return switch (c) {
      case '\r' -> "a carriage return (\\r)";
      case '\n' -> "a line feed (\\n)";
      case '\0' -> "a NUL character (\\0)";
      case '\t' -> "a tab";
      case ' ' -> "a space";
      default ->
          isControl(c)
              ? "the control character " + escape(c)
              : Character.isWhitespace(c) || Character.isSpaceChar(c)
                  ? "the space character " + escape(c)
                  : "\"" + c + "\"";
    };
  }

  private static String escape(char c) {
    return switch (c) {
      case '\r' -> "\\r";
      case '\n' -> "\\n";
      case '\t' -> "\\t";
      case '\0' -> "\\0";
      default -> String.format("\\u%04x", (int) c);
    };
  }
}
