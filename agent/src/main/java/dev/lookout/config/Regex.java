package dev.lookout.config;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression from the config, equal to another when their text is equal. {@link Pattern}
 * compares by identity, which would make every reload see a changed target and throw its history
 * away.
 */
public record Regex(String source, Pattern pattern) {

  /**
   * @throws IllegalArgumentException with a message fit for a config error
   */
  public static Regex compile(String source) {
    try {
      return new Regex(source, Pattern.compile(source));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "\"" + source + "\" is not a valid regular expression: " + e.getDescription());
    }
  }

  /** True when the expression is found anywhere in {@code text}. */
  public boolean foundIn(CharSequence text) {
    return pattern.matcher(text).find();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Regex r && r.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return "/" + source + "/";
  }
}
