package dev.lookout.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML text read within bounds, so a hostile or broken file fails fast with a position instead of
 * exhausting the agent. SnakeYAML's scanner is quadratic in the length of a line (a 1 MiB line
 * takes seconds, 50 MiB never ends), so the file size and every line's length are checked before
 * the text reaches it; its own limits (aliases, nesting, code points) guard the rest. SnakeYAML
 * throws those limits without a position, so the composer's parser is watched and the error is
 * placed at the last event it read.
 */
public final class YamlSource {
  /** The most a config or zone file may hold, in bytes (and the YAML text, in characters). */
  static final int MAX_FILE_BYTES = 10 * 1024 * 1024;

  /** The longest line, in characters: far beyond any hand-written value, far below the cliff. */
  static final int MAX_LINE_CHARS = 64 * 1024;

  static final int MAX_ALIASES = 50;
  static final int MAX_NESTING = 50;

  /**
   * Reads and composes a YAML file other than the config (an octoDNS zone file) within the same
   * bounds. Blocking: for load time only.
   *
   * @param what the kind of file, for errors ({@code zone file})
   * @throws IllegalArgumentException naming the file and, for a YAML problem, its line and column
   */
  public static Node composeFile(Path file, String what) {
    try {
      return compose(read(file, what), what);
    } catch (Problem p) {
      throw new IllegalArgumentException(
          file + ":" + p.line + ":" + p.column + ": " + p.getMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + " (" + ConfigReader.why(e) + ")");
    }
  }

  /** A problem with the text, at a 1-based line and column. */
  static final class Problem extends Exception {
    private static final long serialVersionUID = 1L;

    final int line;
    final int column;

    Problem(int line, int column, String message) {
      super(message, null, false, false);
      this.line = line;
      this.column = column;
    }

    Problem(Mark mark, String message) {
      this(mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1, message);
    }
  }

  private YamlSource() {}

  /**
   * The text of a file, read no further than the bound. {@code what} names the kind of file in the
   * error ("config file", "zone file").
   */
  static String read(Path file, String what) throws IOException, Problem {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw tooLarge(what);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new Problem(1, 1, "the " + what + " is not UTF-8 text");
    }
  }

  /** The root node of the text, or null when it holds no document. */
  static Node compose(String text, String what) throws Problem {
    checkBounds(text, what);
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_FILE_BYTES);
    StreamReader stream = new StreamReader(text);
    Watched parser = new Watched(new ParserImpl(stream, options));
    try {
      return new Composer(parser, new Resolver(), options).getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new Problem(at != null ? at : parser.last, "invalid YAML: " + e.getProblem());
    } catch (RuntimeException e) {
      throw new Problem(parser.last != null ? parser.last : stream.getMark(), limit(e));
    }
  }

  /** One pass over the text, before SnakeYAML sees it: total size, then each line's length. */
  private static void checkBounds(String text, String what) throws Problem {
    if (text.length() > MAX_FILE_BYTES) {
      throw tooLarge(what);
    }
    int line = 1;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || isBreak(text, i)) {
        int length = i - start;
        if (length > MAX_LINE_CHARS) {
          throw new Problem(
              line,
              1,
              "this line is "
                  + length
                  + " characters long, more than the "
                  + MAX_LINE_CHARS
                  + " a line may have (spread the value over several lines, for example as a"
                  + " folded block scalar \">-\")");
        }
        if (i + 1 < text.length() && text.charAt(i) == '\r' && text.charAt(i + 1) == '\n') {
          i++;
        }
        line++;
        start = i + 1;
      }
    }
  }

  /** A line break as SnakeYAML counts lines: LF, CR, CR LF, NEL, LS, PS. */
  private static boolean isBreak(String text, int i) {
    char c = text.charAt(i);
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  private static Problem tooLarge(String what) {
    return new Problem(
        1,
        1,
        "the " + what + " is larger than " + Sizes.human(MAX_FILE_BYTES) + ", the most it may be");
  }

  /** SnakeYAML's limit messages in words, without its wording of the options. */
  private static String limit(RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    if (m.startsWith("Number of aliases")) {
      return "invalid YAML: more than "
          + MAX_ALIASES
          + " aliases (*name) of lists and mappings; write the values out, or use fewer";
    }
    if (m.startsWith("Nesting Depth")) {
      return "invalid YAML: lists and mappings are nested more than " + MAX_NESTING + " deep";
    }
    if (m.startsWith("The incoming YAML document exceeds the limit")) {
      return "invalid YAML: the document is longer than " + MAX_FILE_BYTES + " characters";
    }
    return "invalid YAML: " + m;
  }

  /** A parser that remembers where the last event it handed out (or showed) starts. */
  private static final class Watched implements Parser {
    private final Parser delegate;
    Mark last;

    Watched(Parser delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      boolean is = delegate.checkEvent(choice);
      note(delegate.peekEvent());
      return is;
    }

    @Override
    public Event peekEvent() {
      return note(delegate.peekEvent());
    }

    @Override
    public Event getEvent() {
      return note(delegate.getEvent());
    }

    private Event note(Event e) {
      if (e != null && e.getStartMark() != null) {
        last = e.getStartMark();
      }
      return e;
    }
  }
}
