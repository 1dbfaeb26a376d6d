package dev.lookout.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report is one inert, self-contained page: no script, nothing fetched, outside text
 * escaped; and headless Chromium (installed by .ci/run) renders it to a screenshot and prints it to
 * A4 PDF. The files are kept under target/report-render for a person to look at.
 */
class HtmlReportTest {
  @TempDir Path dir;

  @Test
  void thePageReferencesNothingOutsideItselfAndRunsNoScript() {
    String html = HtmlReport.render(ReportFixture.report());
    String lower = html.toLowerCase(java.util.Locale.ROOT);
    assertThat(lower)
        .doesNotContain("<script")
        .doesNotContain("src=")
        .doesNotContain("href=")
        .doesNotContain("url(")
        .doesNotContain("@import")
        .doesNotContain("<link")
        .doesNotContain("@font-face")
        .doesNotContainPattern("<[^>]*\\son[a-z]+\\s*=")
        .doesNotContainPattern("=\"(https?:)?//");
    assertThat(lower).doesNotContainPattern("(src|href|action|data)\\s*=\\s*[\"']?https?://");
  }

  @Test
  void outsideTextIsEscaped() {
    String html = HtmlReport.render(ReportFixture.report());
    assertThat(html)
        .contains("R11 &lt;script&gt;")
        .contains("&quot;&lt;h1&gt;Blog&lt;/h1&gt;&quot;")
        .contains("On-call rota &lt;oncall@example.com&gt;")
        .doesNotContain("<h1>Blog");
  }

  @Test
  void chromiumRendersAScreenshotAndAnA4Pdf() throws Exception {
    String chromium = chromium();
    assumeTrue(
        chromium != null,
        "chromium is not installed (.ci/run installs it): HTML rendering not checked");
    Path out = Path.of("target/report-render");
    Files.createDirectories(out);
    Path html = out.resolve("report.html");
    Files.writeString(html, HtmlReport.render(ReportFixture.report()), StandardCharsets.UTF_8);
    Path png = out.resolve("report.png");
    Path pdf = out.resolve("report.pdf");
    Files.deleteIfExists(png);
    Files.deleteIfExists(pdf);
    String url = html.toAbsolutePath().toUri().toString();
    run(
        chromium,
        "--screenshot=" + png.toAbsolutePath(),
        "--hide-scrollbars",
        "--window-size=1000,2400",
        url);
    run(chromium, "--print-to-pdf=" + pdf.toAbsolutePath(), "--no-pdf-header-footer", url);
    byte[] image = Files.readAllBytes(png);
    assertThat(image).hasSizeGreaterThan(10_000);
    assertThat(new String(image, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    String pdfText = new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1);
    assertThat(pdfText).startsWith("%PDF-");
    // A4 is 595 x 842 points.
    assertThat(pdfText).containsPattern("/MediaBox \\[0 0 59[45](\\.\\d+)? 84[12](\\.\\d+)?\\]");
  }

  private void run(String chromium, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                chromium,
                "--headless",
                "--disable-gpu",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + dir.resolve("profile")));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("chromium.log").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished within 120 s").isTrue();
    assertThat(p.exitValue())
        .as("chromium exit code (log: %s)", Files.readString(dir.resolve("chromium.log")))
        .isZero();
  }

  private static String chromium() {
    for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path p = Path.of(dirName, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return null;
  }
}
