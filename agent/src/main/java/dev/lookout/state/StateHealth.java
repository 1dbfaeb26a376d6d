package dev.lookout.state;

import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the state directory takes writes: each writer (alert states, the outbox) reports its last
 * outcome. A failure is logged once when it starts and once when it ends, not on every retry; the
 * metric {@code lookout_state_writable} and {@code /readyz} read {@link #problem()}.
 */
public final class StateHealth {
  private static final Logger LOG = LoggerFactory.getLogger(StateHealth.class);

  private final String dir;
  private final Map<String, String> failing = new TreeMap<>();

  public StateHealth(java.nio.file.Path dir) {
    this.dir = dir.toString();
  }

  /** {@code writer}'s last write succeeded. */
  public void ok(String writer) {
    String was;
    synchronized (failing) {
      was = failing.remove(writer);
    }
    if (was != null) {
      LOG.info("state directory {}: {} can be written again", dir, writer);
    }
  }

  /** {@code writer}'s last write failed with {@code e}. */
  public void failed(String writer, Throwable e) {
    String reason = reason(e);
    String was;
    synchronized (failing) {
      was = failing.put(writer, reason);
    }
    if (was == null) {
      LOG.error(
          "state directory {}: cannot write {} ({}); keeping it in memory and retrying",
          dir,
          writer,
          reason);
    }
  }

  public boolean writable() {
    synchronized (failing) {
      return failing.isEmpty();
    }
  }

  /** Null while every writer succeeds; otherwise a sentence naming the directory and the cause. */
  public String problem() {
    synchronized (failing) {
      if (failing.isEmpty()) {
        return null;
      }
      StringBuilder s = new StringBuilder("state directory " + dir + " is not writable: ");
      String sep = "";
      for (Map.Entry<String, String> e : failing.entrySet()) {
        s.append(sep).append(e.getKey()).append(" (").append(e.getValue()).append(')');
        sep = ", ";
      }
      return s.toString();
    }
  }

  /** The cause in words: "no space left on device", not a Java class name. */
  static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    String msg = t.getMessage();
    if (msg != null && msg.contains("No space left on device")) {
      return "no space left on device";
    }
    if (t instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (t instanceof java.nio.file.ReadOnlyFileSystemException
        || (msg != null && msg.contains("Read-only file system"))) {
      return "read-only file system";
    }
    return msg == null ? t.getClass().getSimpleName() : msg;
  }
}
