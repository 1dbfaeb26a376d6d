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
