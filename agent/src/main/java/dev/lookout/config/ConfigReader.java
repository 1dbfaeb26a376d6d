package dev.lookout.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Shared state of one load: the file name for positions, the environment for interpolation, and the
 * list that collects every error so all of them can be reported at once.
 */
public final class ConfigReader {
  static final int MAX_SECRET_BYTES = 64 * 1024;

  private final String file;
  private final Path baseDir;
  private final Function<String, String> env;
  private final List<ConfigError> errors = new ArrayList<>();

  ConfigReader(String file, Path baseDir, Function<String, String> env) {
    this.file = file;
    this.baseDir = baseDir;
    this.env = env;
  }

  public void error(Node at, String message) {
    Mark mark = at.getStartMark();
    errors.add(new ConfigError(file, mark.getLine() + 1, mark.getColumn() + 1, message));
  }

  List<ConfigError> errors() {
    List<ConfigError> sorted = new ArrayList<>(errors);
    Collections.sort(sorted);
    return sorted;
  }

  String file() {
    return file;
  }

  /** The interpolated text of a scalar, or null (with an error) when the node is not a scalar. */
  String text(Node node, String what) {
    if (!(node instanceof ScalarNode scalar)) {
      error(node, what + " must be a single value, not a " + kind(node));
      return null;
    }
    try {
      return Interpolation.expand(scalar.getValue(), env);
    } catch (IllegalArgumentException e) {
      error(node, what + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * Reads a secret from a file named in the config (Docker secrets, systemd credentials), at most
   * {@link #MAX_SECRET_BYTES}: a token or a password, never a whole file by mistake.
   */
  String readSecretFile(Node at, String what, String pathText) {
    Path path = baseDir.resolve(pathText);
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes(MAX_SECRET_BYTES + 1);
      if (bytes.length > MAX_SECRET_BYTES) {
        error(
            at,
            what
                + ": "
                + path
                + " is larger than "
                + Sizes.human(MAX_SECRET_BYTES)
                + ", the most a secret file may be");
        return null;
      }
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().strip();
    } catch (CharacterCodingException e) {
      error(at, what + ": " + path + " is not UTF-8 text");
      return null;
    } catch (IOException e) {
      error(at, what + ": cannot read " + path + " (" + why(e) + ")");
      return null;
    }
  }

  /** Why a file could not be read, in words rather than the exception's class name. */
  static String why(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? "read failed" : e.getMessage();
  }

  Path resolvePath(String pathText) {
    return baseDir.resolve(pathText);
  }

  static String kind(Node node) {
    return switch (node.getNodeId()) {
      case mapping -> "mapping";
      case sequence -> "list";
      case scalar -> "single value";
      case anchor -> "anchor";
    };
  }
}
