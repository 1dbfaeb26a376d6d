package dev.lookout.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WireTextTest {
  private static final String TCHARS =
      " (a name may only have letters, digits and !#$%&'*+-.^_`|~)";

  @ParameterizedTest
  @ValueSource(strings = {"X-Token", "Authorization", "x_y", "!#$%&'*+-.^_`|~09azAZ", "GET"})
  void tokensAreHeaderNames(String name) {
    assertThat(WireText.tokenProblem(name)).isNull();
  }

  static Stream<Arguments> nonTokens() {
    return Stream.of(
        Arguments.of("X Token", "contains a space" + TCHARS),
        Arguments.of("X:Y", "contains \":\"" + TCHARS),
        Arguments.of("X\r\nY", "contains a carriage return (\\r)" + TCHARS),
        Arguments.of("\u00c4", "contains \"\u00c4\"" + TCHARS),
        Arguments.of("", "is empty"));
  }

  @ParameterizedTest
  @MethodSource("nonTokens")
  void nonTokensAreNot(String name, String problem) {
    assertThat(WireText.tokenProblem(name)).isEqualTo(problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer abc", "a\tb", "caf\u00e9", "  spaced  ", ""})
  void oneLineValuesPass(String value) {
    assertThat(WireText.lineProblem(value)).isNull();
  }

  static Stream<Arguments> lineBreakers() {
    return Stream.of(
        Arguments.of("a\rb", "a carriage return (\\r)"),
        Arguments.of("a\nb", "a line feed (\\n)"),
        Arguments.of("a\u0000b", "a NUL character (\\0)"),
        Arguments.of("a\u0007b", "the control character \\u0007"),
        Arguments.of("a\u007fb", "the control character \\u007f"),
        Arguments.of("a\u0085b", "the control character \\u0085"),
        Arguments.of("a\u2028b", "the control character \\u2028"));
  }

  @ParameterizedTest
  @MethodSource("lineBreakers")
  void lineBreakingValuesDoNot(String value, String what) {
    assertThat(WireText.lineProblem(value))
        .isEqualTo("contains " + what + ", which would break the line it is sent on");
  }

  static Stream<Arguments> spaced() {
    return Stream.of(
        Arguments.of("a b", "a space"),
        Arguments.of("a\tb", "a tab"),
        Arguments.of("a\u00a0b", "the space character \\u00a0"),
        Arguments.of("a\nb", "a line feed (\\n)"));
  }

  @ParameterizedTest
  @MethodSource("spaced")
  void wordsHaveNoSpaces(String value, String what) {
    assertThat(WireText.wordProblem(value))
        .isEqualTo("contains " + what + " (write it without spaces or control characters)");
  }

  static Stream<Arguments> shown() {
    return Stream.of(
        Arguments.of("a\r\nb", "a\\r\\nb"),
        Arguments.of("x\u0000", "x\\0"),
        Arguments.of("tab\there", "tab\\there"),
        Arguments.of("caf\u00e9", "caf\u00e9"));
  }

  @ParameterizedTest
  @MethodSource("shown")
  void printableEscapesControlCharacters(String raw, String shown) {
    assertThat(WireText.printable(raw)).isEqualTo(shown);
  }
}
