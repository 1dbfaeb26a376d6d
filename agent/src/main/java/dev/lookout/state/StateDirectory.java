package dev.lookout.state;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Housekeeping of {@code agent.state_dir} at start. Blocking: call from a worker. */
public final class StateDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(StateDirectory.class);

  private StateDirectory() {}

  /**
   * Makes sure {@code dir} exists and takes a new file, and clears what unfinished writes left in
   * it. The outbox and alert states live there: without it, "never lose a notification" would be a
   * lie, so the agent refuses to start and says what to change.
   *
   * @throws IllegalStateException naming the directory, the failure and the config key to change
   */
  public static void prepare(Path dir) {
    try {
      Files.createDirectories(dir);
      removeLeftovers(dir);
      Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new IllegalStateException(
          "state_dir "
              + dir
              + " is not writable ("
              + e.getClass().getSimpleName()
              + "): set agent.state_dir to a directory Lookout may write",
          e);
    }
  }

  /**
   * Deletes the temporary files of writes that never completed (a crash, a full disk) in the state
   * directory and its subdirectories: none of them was ever the current content of anything.
   */
  public static int removeLeftovers(Path dir) throws IOException {
    int removed = removeIn(dir);
    try (DirectoryStream<Path> subs = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path sub : subs) {
        removed += removeIn(sub);
      }
    }
    if (removed > 0) {
      LOG.info("state directory {}: removed {} unfinished temporary file(s)", dir, removed);
    }
    return removed;
  }

  private static int removeIn(Path dir) throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + AtomicFiles.TMP_SUFFIX)) {
      for (Path p : ds) {
        if (Files.isRegularFile(p) && Files.deleteIfExists(p)) {
          removed++;
        }
      }
    }
    return removed;
  }
}
