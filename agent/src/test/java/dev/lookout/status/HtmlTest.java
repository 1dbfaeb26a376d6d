package dev.lookout.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "<script>alert(1)</script>|&lt;script&gt;alert(1)&lt;/script&gt;",
        "say \"hi\"|say &quot;hi&quot;",
        "it's|it&#39;s",
        "a & b|a &amp; b",
        "&amp;|&amp;amp;",
        "\" onmouseover=\"x|&quot; onmouseover=&quot;x",
        "plain ünïcödé text|plain ünïcödé text",
      })
  void escapesEverythingThatCouldBreakOutOfTextOrAnAttribute(String raw, String escaped) {
    assertThat(Html.escape(raw)).isEqualTo(escaped);
  }

  @org.junit.jupiter.api.Test
  void nullIsEmpty() {
    assertThat(Html.escape(null)).isEmpty();
  }
}
