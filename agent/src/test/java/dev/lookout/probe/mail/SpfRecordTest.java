package dev.lookout.probe.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The SPF grammar of RFC 7208 §12: what real records look like parses; each mistake is placed. */
class SpfRecordTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v=spf1",
        "v=spf1 -all",
        "V=SPF1 MX A:mail.example.com/24 -ALL",
        "v=spf1 a/24//64 mx:example.com//48 ~all",
        "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.7 ip6:2001:db8::/32 ip6:::1 -all",
        "v=spf1 include:_spf.google.com include:spf.protection.outlook.com ~all",
        "v=spf1 exists:%{i}._spf.%{d} -all",
        "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all",
        "v=spf1 redirect=_spf.example.com",
        "v=spf1 -all exp=explain._spf.%{d}",
        "v=spf1 ptr:example.com ?all",
        "v=spf1 include:example.com. -all",
        "v=spf1 mx  -all ",
        "v=spf1 -all moo=cow.%%.%_.%-",
        "v=spf1 include:_spf.example-mail.com ~all"
      })
  void validRecordsHaveNoErrors(String record) {
    assertThat(new SpfRecord(record).errors).isEmpty();
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(
            "v=spf1 ip4:192.0.2.0/33 -all",
            "syntax error at character 8 (\"ip4:192.0.2.0/33\"): prefix length /33 is out of range"
                + " (0 to 32)"),
        Arguments.of(
            "v=spf1 ip6:2001:db8::g -all",
            "syntax error at character 8 (\"ip6:2001:db8::g\"): \"2001:db8::g\" is not an IPv6"
                + " address"),
        Arguments.of(
            "v=spf1 include:1.2.3.4 -all",
            "syntax error at character 8 (\"include:1.2.3.4\"): \"1.2.3.4\" does not end in a"
                + " top-level label (RFC 7208 §7.1)"),
        Arguments.of(
            "v=spf1 inclde:example.com -all",
            "syntax error at character 8 (\"inclde:example.com\"): \"inclde\" is not a mechanism"
                + " (all, include, a, mx, ptr, ip4, ip6, exists; RFC 7208 §5)"),
        Arguments.of(
            "v=spf1 -all:example.com",
            "syntax error at character 8 (\"-all:example.com\"): all takes no argument"),
        Arguments.of(
            "v=spf1 exists:%{x}.example.com -all",
            "syntax error at character 8 (\"exists:%{x}.example.com\"): %{x} is not a macro (s,"
                + " l, o, d, i, p, h, v; RFC 7208 §7.2)"),
        Arguments.of(
            "v=spf1 a:example.com/24/ -all",
            "syntax error at character 8 (\"a:example.com/24/\"): \"example.com/24/\" does not end"
                + " in a top-level label (RFC 7208 §7.1)"),
        Arguments.of(
            "v=spf1 redirect=a.example.com redirect=b.example.com",
            "syntax error at character 31 (\"redirect=b.example.com\"): redirect= may appear only"
                + " once (RFC 7208 §6)"),
        Arguments.of(
            "v=spf1 ~include -all",
            "syntax error at character 8 (\"~include\"): include needs a domain:"
                + " include:example.com"),
        Arguments.of(
            "v=spf1 mx%example.com -all",
            "syntax error at character 8 (\"mx%example.com\"): mx takes :domain and /prefix"
                + " lengths, not \"%example.com\""));
  }

  @ParameterizedTest
  @MethodSource("mistakes")
  void mistakesNameTheCharacterAndTheTerm(String record, String error) {
    assertThat(new SpfRecord(record).errors)
        .extracting(SpfRecord.Error::describe)
        .containsExactly(error);
  }

  @Test
  void termsKeepTheirQualifierAndArgument() {
    SpfRecord r = new SpfRecord("v=spf1 ?a:mail.example.com/24 -all redirect=x.example.com");
    assertThat(r.terms)
        .containsExactly(
            new SpfRecord.Term(8, "?a:mail.example.com/24", '?', "a", "mail.example.com"),
            new SpfRecord.Term(31, "-all", '-', "all", null),
            new SpfRecord.Term(
                36, "redirect=x.example.com", (char) 0, "redirect", "x.example.com"));
  }
}
