package dev.lookout.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.check.CheckType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Plays the compile-time line of a plugin registry: a check type is one package under {@code
 * dev.lookout.check}, one line in {@link CheckTypes#ALL}, at least one {@code invalid-*.yaml}
 * fixture that the config tests reject, and one README section. Fails when any of them is missing.
 */
class CheckTypesTest {
  private static final Path FIXTURES = Path.of("src/test/resources/config/testdata");
  private static final Path README = Path.of("../README.md");

  /** Every package {@code dev.lookout.check.<type>} of the build. */
  static List<String> typePackages() throws IOException, URISyntaxException {
    Path classes =
        Path.of(CheckType.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path check = classes.resolve("dev/lookout/check");
    List<String> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(check)) {
      dirs.filter(Files::isDirectory).forEach(d -> out.add("dev.lookout.check." + d.getFileName()));
    }
    return out;
  }

  @Test
  void everyCheckPackageIsRegisteredOnce() throws Exception {
    List<String> packages = typePackages();
    assertThat(packages).isNotEmpty();
    List<String> registered =
        CheckTypes.ALL.stream().map(t -> t.getClass().getPackageName()).toList();
    assertThat(registered)
        .as("packages of the registered check types (CheckTypes.ALL)")
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(packages);
  }

  @Test
  void keysAndSpecsAreUnique() {
    assertThat(CheckTypes.ALL.stream().map(CheckType::key)).doesNotHaveDuplicates();
    assertThat(CheckTypes.ALL.stream().map(CheckType::specClass)).doesNotHaveDuplicates();
    assertThat(CheckTypes.ALL.stream().map(CheckType::observationClass)).doesNotHaveDuplicates();
  }

  @Test
  void everyTypeHasAnInvalidConfigFixture() throws IOException {
    List<String> fixtures = new ArrayList<>();
    try (Stream<Path> files = Files.list(FIXTURES)) {
      files
          .filter(f -> f.getFileName().toString().matches("invalid-.*\\.yaml"))
          .forEach(
              f -> {
                try {
                  fixtures.add(Files.readString(f, StandardCharsets.UTF_8));
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    }
    for (CheckType<?, ?> type : CheckTypes.ALL) {
      Pattern block = Pattern.compile("(?m)^\\s*(-\\s+)?" + Pattern.quote(type.key()) + ":");
      assertThat(fixtures.stream().anyMatch(y -> block.matcher(y).find()))
          .as("an invalid-*.yaml fixture in %s with a %s: check", FIXTURES, type.key())
          .isTrue();
    }
  }

  @Test
  void everyTypeHasAReadmeSection() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    for (CheckType<?, ?> type : CheckTypes.ALL) {
      assertThat(readme)
          .as("README section for the %s check", type.key())
          .contains("\n### The `" + type.key() + "` check\n");
    }
  }
}
