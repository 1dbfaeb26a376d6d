package dev.lookout.check.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{name}}} in a step's header values and body: a value an earlier step of the same run
 * extracted. ({@code ${VAR}} is the environment, expanded when the config loads.)
 */
final class Template {
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private static final Pattern REF = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

  private Template() {}

  /** The names the text refers to, in order (repeats included). */
  static List<String> names(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    Matcher m = REF.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The text with every reference replaced by its value (empty when the run has none). */
  static String render(String text, Map<String, String> values) {
    if (text == null || text.indexOf("{{") < 0) {
      return text;
    }
    Matcher m = REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
    }
    m.appendTail(out);
    return out.toString();
  }
}
