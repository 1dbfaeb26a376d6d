package dev.lookout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounds a config (and the files it names) is read within, so a huge file or a huge line fails
 * at once with a position instead of keeping SnakeYAML busy for minutes.
 */
class ConfigLimitsTest {
  private static final String LINE_HINT =
      " a line may have (spread the value over several lines, for example as a folded block"
          + " scalar \">-\")";

  @TempDir Path dir;
  private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

  @Test
  void aTwentyMebibyteSingleLineFailsWithTheSizeError() throws Exception {
    Path file = dir.resolve("huge.yaml");
    Files.writeString(file, "a: " + "x".repeat(20 * 1024 * 1024) + "\n");
    assertThat(errors(file))
        .isEqualTo(file + ":1:1: the config file is larger than 10 MiB, the most it may be");
  }

  @Test
  void aTwoMebibyteLineFailsWithTheLineLengthErrorAtThatLine() throws Exception {
    Path file = dir.resolve("long.yaml");
    String body = "x".repeat(2 * 1024 * 1024);
    Files.writeString(
        file,
        "targets:\n  - name: a\n    http: {url: \"http://127.0.0.1/\", body: \"" + body + "\"}\n");
    int length = "    http: {url: \"http://127.0.0.1/\", body: \"\"}".length() + body.length();
    assertThat(errors(file))
        .isEqualTo(
            file
                + ":3:1: this line is "
                + length
                + " characters long, more than the 65536"
                + LINE_HINT);
  }

  @Test
  void linesAreCountedAsYamlCountsThemAcrossCrLfAndLoneCr() {
    String text = "# one\r\n# two\r# three\n" + "#".repeat(65537) + "\n";
    assertThatThrownBy(() -> loader.parse("t.yaml", dir, text))
        .hasMessage(
            "t.yaml:4:1: this line is 65537 characters long, more than the 65536" + LINE_HINT);
  }

  @Test
  void aLineOfExactlyTheLimitIsFine() throws ConfigException {
    String text =
        "#" + "x".repeat(65535) + "\ntargets:\n  - {name: a, http: {url: \"http://127.0.0.1/\"}}\n";
    assertThat(loader.parse("t.yaml", dir, text).targets()).hasSize(1);
  }

  @Test
  void textHandedToParseIsBoundedToo() {
    String text = ("# " + "x".repeat(1000) + "\n").repeat(11 * 1024);
    assertThatThrownBy(() -> loader.parse("t.yaml", dir, text))
        .hasMessage("t.yaml:1:1: the config file is larger than 10 MiB, the most it may be");
  }

  @Test
  void aConfigThatIsNotUtf8IsSaidSo() throws Exception {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, "targets: [caf\u00e9]\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(errors(file)).isEqualTo(file + ":1:1: the config file is not UTF-8 text");
  }

  @Test
  void aSecretFileLargerThan64KibIsAnError() throws Exception {
    Files.writeString(dir.resolve("token"), "t".repeat(64 * 1024 + 1));
    Path file = dir.resolve("secret.yaml");
    Files.writeString(
        file,
        "targets:\n  - name: a\n    http:\n      url: \"http://127.0.0.1/\"\n"
            + "      headers: {Authorization_file: token}\n");
    assertThat(errors(file))
        .isEqualTo(
            file
                + ":5:37: target \"a\".http.headers.Authorization_file: "
                + dir.resolve("token")
                + " is larger than 64 KiB, the most a secret file may be");
  }

  @Test
  void aZoneFileWithAnOverlongLineNamesTheZoneFileAndItsLine() throws Exception {
    Files.createDirectories(dir.resolve("zones"));
    Path zone = dir.resolve("zones/example.com.yaml");
    Files.writeString(zone, "'':\n  type: TXT\n  value: " + "v".repeat(70_000) + "\n");
    Path file = dir.resolve("dns.yaml");
    Files.writeString(
        file,
        "targets:\n  - name: d\n    dns: {name: example.com, expect_from: zones/example.com.yaml}\n");
    assertThat(errors(file))
        .isEqualTo(
            file
                + ":3:43: target \"d\".dns.expect_from: "
                + zone
                + ":3:1: this line is 70009 characters long, more than the 65536"
                + LINE_HINT);
  }

  @Test
  void aZoneFileLargerThanTheBoundIsNotReadToTheEnd() throws Exception {
    Files.createDirectories(dir.resolve("zones"));
    Path zone = dir.resolve("zones/example.com.yaml");
    Files.writeString(zone, ("# " + "z".repeat(1000) + "\n").repeat(11 * 1024));
    Path file = dir.resolve("dns.yaml");
    Files.writeString(
        file,
        "targets:\n  - name: d\n    dns: {name: example.com, expect_from: zones/example.com.yaml}\n");
    assertThat(errors(file))
        .isEqualTo(
            file
                + ":3:43: target \"d\".dns.expect_from: "
                + zone
                + ":1:1: the zone file is larger than 10 MiB, the most it may be");
  }

  @Test
  void aFileThatCannotBeReadIsSaidInWordsNotExceptionNames() throws Exception {
    Path missing = dir.resolve("missing.yaml");
    assertThat(errors(missing)).isEqualTo(missing + ":1:1: cannot read config file (no such file)");
    Path file = dir.resolve("secret.yaml");
    Files.writeString(
        file,
        "targets:\n  - name: a\n    http:\n      url: \"http://127.0.0.1/\"\n"
            + "      headers: {Authorization_file: nope}\n");
    assertThat(errors(file))
        .isEqualTo(
            file
                + ":5:37: target \"a\".http.headers.Authorization_file: cannot read "
                + dir.resolve("nope")
                + " (no such file)");
  }

  private String errors(Path file) {
    try {
      loader.load(file);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError(file + " loaded without an error");
  }
}
