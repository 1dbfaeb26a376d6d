package dev.lookout.cli;

import dev.lookout.config.HostPort;
import java.net.BindException;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why {@code lookout run} could not start, as a sentence that says what to change. The status
 * server's bind failure arrives as Netty's native {@code bind(..) failed with error(-98)} (epoll)
 * or as a {@link BindException} (NIO): both name an errno, which is what the operator needs.
 */
final class StartFailure {
  /** Netty's native transport reports the negated Linux errno: {@code error(-98)}. */
  private static final Pattern ERRNO = Pattern.compile("error\\((-?\\d+)\\)");

  private static final int EACCES = 13;
  private static final int EADDRINUSE = 98;
  private static final int EADDRNOTAVAIL = 99;

  private StartFailure() {}

  /**
   * @param failure what the start failed with (an {@link ExecutionException} is unwrapped)
   * @param listen the configured {@code agent.listen}
   */
  static String describe(Throwable failure, HostPort listen) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String bind = bindProblem(t, listen);
      if (bind != null) {
        return "cannot listen on " + listen + ": " + bind;
      }
    }
    Throwable cause = failure;
    while ((cause instanceof ExecutionException || cause.getMessage() == null)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TimeoutException) {
      return "could not start within 30 s";
    }
    if (cause instanceof IllegalStateException || cause instanceof IllegalArgumentException) {
      // The agent's own refusals are already sentences (state_dir not writable, …).
      return "could not start: " + cause.getMessage();
    }
    return "could not start: "
        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
  }

  private static String bindProblem(Throwable t, HostPort listen) {
    String message = t.getMessage() == null ? "" : t.getMessage();
    boolean bind = t instanceof BindException || message.startsWith("bind(");
    if (!bind) {
      return null;
    }
    String text = message.toLowerCase(Locale.ROOT);
    Matcher errno = ERRNO.matcher(message);
    int err = errno.find() ? Math.abs(Integer.parseInt(errno.group(1))) : 0;
    if (err == EADDRINUSE || text.contains("address already in use")) {
      return "the address is in use (set agent.listen)";
    }
    if (err == EACCES || text.contains("permission denied")) {
      return listen.port() < 1024
          ? "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE;"
              + " set agent.listen)"
          : "permission denied (set agent.listen)";
    }
    if (err == EADDRNOTAVAIL
        || text.contains("cannot assign requested address")
        || text.contains("address not available")) {
      return "this machine has no such address (set agent.listen)";
    }
    return "the system refused it (" + message + "; set agent.listen)";
  }
}
