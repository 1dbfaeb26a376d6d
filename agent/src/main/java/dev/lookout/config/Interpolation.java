package dev.lookout.config;

import java.util.function.Function;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in config values, so secrets stay out of the
 * file. {@code $${} is a literal {@code ${}. A variable that is unset and has no default is an
 * error naming the variable, never an empty string that silently breaks a check.
 */
final class Interpolation {
  private Interpolation() {}

  /**
   * @throws IllegalArgumentException naming the missing variable or the malformed reference
   */
  static String expand(String text, Function<String, String> env) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed \"${\" in \"" + text + "\"");
        }
        out.append(resolve(text.substring(i + 2, end), env));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static String resolve(String reference, Function<String, String> env) {
    int sep = reference.indexOf(":-");
    String name = sep < 0 ? reference : reference.substring(0, sep);
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("\"${" + reference + "}\" is not a valid variable name");
    }
    String value = env.apply(name);
    if (value != null && !value.isEmpty()) {
      return value;
    }
    if (sep >= 0) {
      return reference.substring(sep + 2);
    }
    throw new IllegalArgumentException(
        "environment variable "
            + name
            + " is not set (write ${"
            + name
            + ":-default} for a default)");
  }
}
