package dev.lookout.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lookout check} on configs that would break a request at run time: the CLI exits 2 with the
 * position, as for every other config error (the exit code CI relies on).
 */
class CheckCommandRejectsHostileConfigTest {
  @TempDir Path dir;

  @Test
  void aHeaderWithCrLfIsAConfigErrorAndCheckExitsTwo() throws Exception {
    Path p = dir.resolve("crlf.yaml");
    Files.writeString(
        p,
        """
        targets:
          - name: api
            http:
              url: "http://127.0.0.1:8080/"
              headers: {X-Token: "a\\r\\nX-Injected: 1"}
        """);
    String err = runCheckExpectingTwo(p);
    assertThat(err)
        .contains(
            p
                + ":5:26: target \"api\".http.headers.X-Token contains a carriage return (\\r),"
                + " which would break the line it is sent on")
        .doesNotContain("Exception");
  }

  @Test
  void aConfigWithAHugeLineIsRefusedBeforeParsing() throws Exception {
    Path p = dir.resolve("long.yaml");
    Files.writeString(p, "targets: [" + "x".repeat(2 * 1024 * 1024) + "]\n");
    assertThat(runCheckExpectingTwo(p))
        .contains(p + ":1:1: this line is 2097163 characters long, more than the 65536");
  }

  private static String runCheckExpectingTwo(Path config) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      code = Main.execute("check", "-c", config.toString());
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertThat(code).as(e.toString(StandardCharsets.UTF_8)).isEqualTo(2);
    assertThat(o.toString(StandardCharsets.UTF_8)).doesNotContain("OK");
    return e.toString(StandardCharsets.UTF_8);
  }
}
