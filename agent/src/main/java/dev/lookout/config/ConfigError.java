package dev.lookout.config;

/**
 * One problem in a config file, positioned so an editor can jump to it (1-based line and column).
 */
public record ConfigError(String file, int line, int column, String message)
    implements Comparable<ConfigError> {

  @Override
  public int compareTo(ConfigError other) {
    int byLine = Integer.compare(line, other.line);
    return byLine != 0 ? byLine : Integer.compare(column, other.column);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
