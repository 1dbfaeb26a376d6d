package dev.lookout.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Markdown and JSON reports of a fixed set of results, against files a person reviewed. Run
 * with {@code -Dlookout.golden.update=true} to rewrite them after a deliberate change, and read the
 * diff as a reader would.
 */
class ReportGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/report");

  @Test
  void markdownMatchesTheReviewedFile() throws Exception {
    golden("golden.md", MarkdownReport.render(ReportFixture.report()));
  }

  @Test
  void jsonMatchesTheReviewedFileAndItsSchema() throws Exception {
    String json = JsonReport.render(ReportFixture.report());
    golden("golden.json", json);
    JsonObject o = new JsonObject(json);
    assertThat(o.getString("schema")).isEqualTo("lookout-report");
    assertThat(o.getInteger("schema_version")).isEqualTo(1);
    assertThat(o.getJsonObject("verdict").getBoolean("ready")).isFalse();
  }

  @Test
  void theVerdictCountsBlockersAndRisks() {
    Report r = ReportFixture.report();
    assertThat(r.verdict().line()).isEqualTo("Not ready: 1 blocker, 5 risks");
    assertThat(new Report.Verdict(true, 0, 1).line()).isEqualTo("Ready: no blockers, 1 risk");
    assertThat(new Report.Verdict(true, 0, 0).line()).isEqualTo("Ready: no blockers, no risks");
  }

  @Test
  void outsideTextCannotFormatTheMarkdown() {
    String md = MarkdownReport.render(ReportFixture.report());
    assertThat(md).doesNotContain("<script>").doesNotContain("<h1>").contains("R11 &lt;script&gt;");
    assertThat(MarkdownReport.md("a|b*c_[x](y)\n# h")).isEqualTo("a\\|b\\*c\\_\\[x\\](y) \\# h");
  }

  private static void golden(String name, String actual) throws Exception {
    Path file = DIR.resolve(name);
    if (Boolean.getBoolean("lookout.golden.update") || !Files.exists(file)) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
