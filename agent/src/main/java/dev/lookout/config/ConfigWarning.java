package dev.lookout.config;

/**
 * Something in a config file that loads and runs but probably does not do what was meant (a timeout
 * longer than its interval). {@code lookout check} prints it and {@code run} logs it; it never
 * refuses the file. Positioned like a {@link ConfigError} (1-based line and column).
 */
public record ConfigWarning(String file, int line, int column, String message) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": warning: " + message;
  }
}
