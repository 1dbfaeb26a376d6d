package dev.lookout.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file replacement: write a temporary file, fsync it, rename it over the target, fsync
 * the directory. After a {@code kill -9} or a power cut a reader sees the old content or the new,
 * never half of either. Blocking: call from a worker ({@code executeBlocking}), never a loop.
 */
public final class AtomicFiles {
  static final String TMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  public static void write(Path file, byte[] data) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + TMP_SUFFIX);
    try {
      replace(tmp, file, data);
    } catch (IOException | RuntimeException e) {
      // A full disk leaves a half-written (often empty) temporary file: never leave it behind.
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // removed at the next start
      }
      throw e;
    }
    syncDirectory(dir);
  }

  private static void replace(Path tmp, Path file, byte[] data) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  public static void delete(Path file) throws IOException {
    if (Files.deleteIfExists(file)) {
      syncDirectory(file.toAbsolutePath().getParent());
    }
  }

  /** Makes a rename or delete durable (POSIX: the directory entry lives in the directory). */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems (and Windows) cannot open a directory; the rename is still atomic.
    }
  }
}
