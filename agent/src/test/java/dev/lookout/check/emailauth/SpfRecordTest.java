package dev.lookout.check.emailauth;

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
        "v=spf1 include:_spf.example-mail.com ~all",
        // RFC 7208 §5.6: ip4-cidr-length "/" ("0" / %x31-39 0*1DIGIT), ip6 up to 128
        "v=spf1 ip4:192.0.2.1/0 ip4:192.0.2.1/32 ip6:::1/0 ip6:::1/128 ip6:::FFFF:1.2.3.4 -all",
        "v=spf1 a/0 a//0 a/32//128 mx:example.com/9//99 -all",
        // §7.1: macro-literal = %x21-24 / %x26-7E, so ":" and "/" are fine below the top label
        "v=spf1 a:foo:bar/baz.example.com -all",
        "v=spf1 exists:a/b:c.%{d} include:x:y.example.com mx:a/b.example.com/24 -all",
        "v=spf1 include:@!#$&'()*+,;<=>?[]^`{|}~.example.com -all",
        "v=spf1 redirect=foo:bar.example.com",
        "v=spf1 -all exp=why:now/please.example.com",
        // domain-end = "." toplabel [ "." ] / macro-expand; toplabel may hold digits and "-"
        "v=spf1 include:example.c0m include:example.1-2 include:%{d}.com include:x.%{d} -all",
        "v=spf1 a:%{d} exists:%{l}.%- exists:%{i}.%% exists:%{ir}.%_ -all",
        // transformers = *DIGIT [ "r" ] (ABNF is case-insensitive), delimiters . - + , / _ =
        "v=spf1 exists:%{D2R}.%{l1r-+,/_=}.%{V}.%{h}.%{o}.%{s}.%{p}.example.com -all",
        // §7.3: c, r and t are macro letters; unknown modifiers are macro-strings, never expanded
        "v=spf1 -all foo=%{c}.%{r}.%{t}",
        "v=spf1 -all exp=explain.example.com."
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
        // §5.6: a bare, doubled or out-of-range prefix on ip4:/ip6: is no ip4-cidr-length
        Arguments.of(
            "v=spf1 ip4:192.0.2.1/ -all",
            "syntax error at character 8 (\"ip4:192.0.2.1/\"): \"/\" is not a prefix length"
                + " (write /0 to /32 after the address, RFC 7208 §5.6)"),
        Arguments.of(
            "v=spf1 ip4:192.0.2.1//24 -all",
            "syntax error at character 8 (\"ip4:192.0.2.1//24\"): \"//24\" is not a prefix"
                + " length (write /0 to /32 after the address, RFC 7208 §5.6)"),
        Arguments.of(
            "v=spf1 ip4:192.0.2.1//32 -all",
            "syntax error at character 8 (\"ip4:192.0.2.1//32\"): \"//32\" is not a prefix"
                + " length (write /0 to /32 after the address, RFC 7208 §5.6)"),
        Arguments.of(
            "v=spf1 ip6:::1/ -all",
            "syntax error at character 8 (\"ip6:::1/\"): \"/\" is not a prefix length (write /0"
                + " to /128 after the address, RFC 7208 §5.6)"),
        Arguments.of(
            "v=spf1 ip6:::1/129 -all",
            "syntax error at character 8 (\"ip6:::1/129\"): prefix length /129 is out of range"
                + " (0 to 128)"),
        Arguments.of(
            "v=spf1 ip4:192.0.2.1/032 -all",
            "syntax error at character 8 (\"ip4:192.0.2.1/032\"): \"/032\" is not a prefix"
                + " length (write /0 to /32 after the address, RFC 7208 §5.6)"),
        Arguments.of(
            "v=spf1 ip4:192.0.2.1/24/ -all",
            "syntax error at character 8 (\"ip4:192.0.2.1/24/\"): \"/24/\" is not a prefix"
                + " length (write /0 to /32 after the address, RFC 7208 §5.6)"),
        Arguments.of(
            "v=spf1 ip4:192.0.2.1/99999999999 -all",
            "syntax error at character 8 (\"ip4:192.0.2.1/99999999999\"): \"/99999999999\" is"
                + " not a prefix length (write /0 to /32 after the address, RFC 7208 §5.6)"),
        Arguments.of(
            "v=spf1 ip4:192.0.2.1:8080 -all",
            "syntax error at character 8 (\"ip4:192.0.2.1:8080\"): \"192.0.2.1:8080\" is not an"
                + " IPv4 address"),
        Arguments.of(
            "v=spf1 ip4:1.2.3 -all",
            "syntax error at character 8 (\"ip4:1.2.3\"): \"1.2.3\" is not an IPv4 address"),
        Arguments.of(
            "v=spf1 a/33 -all",
            "syntax error at character 8 (\"a/33\"): prefix length /33 is out of range (0 to 32)"),
        Arguments.of(
            "v=spf1 mx//129 -all",
            "syntax error at character 8 (\"mx//129\"): prefix length //129 is out of range (0 to"
                + " 128)"),
        // §7.1: the top label stays a toplabel, whatever the labels below it hold
        Arguments.of(
            "v=spf1 a:foo:bar/baz.example.com:80 -all",
            "syntax error at character 8 (\"a:foo:bar/baz.example.com:80\"): \"foo:bar/baz"
                + ".example.com:80\" does not end in a top-level label (RFC 7208 §7.1)"),
        Arguments.of(
            "v=spf1 include:example.com/x -all",
            "syntax error at character 8 (\"include:example.com/x\"): \"example.com/x\" does not"
                + " end in a top-level label (RFC 7208 §7.1)"),
        Arguments.of(
            "v=spf1 include:example.-com -all",
            "syntax error at character 8 (\"include:example.-com\"): \"example.-com\" does not"
                + " end in a top-level label (RFC 7208 §7.1)"),
        Arguments.of(
            "v=spf1 include:example.123 -all",
            "syntax error at character 8 (\"include:example.123\"): \"example.123\" does not end"
                + " in a top-level label (RFC 7208 §7.1)"),
        Arguments.of(
            "v=spf1 include:example.com} -all",
            "syntax error at character 8 (\"include:example.com}\"): \"example.com}\" does not"
                + " end in a top-level label (RFC 7208 §7.1)"),
        Arguments.of(
            "v=spf1 include:localhost -all",
            "syntax error at character 8 (\"include:localhost\"): \"localhost\" is not a domain"
                + " (it needs a dot and a top-level label)"),
        Arguments.of(
            "v=spf1 include:%{d}com -all",
            "syntax error at character 8 (\"include:%{d}com\"): \"%{d}com\" is not a domain (it"
                + " needs a dot and a top-level label)"),
        Arguments.of(
            "v=spf1 a:%{d}. -all",
            "syntax error at character 8 (\"a:%{d}.\"): \"%{d}.\" is not a domain (it needs a dot"
                + " and a top-level label)"),
        Arguments.of(
            "v=spf1 include:example.com.. -all",
            "syntax error at character 8 (\"include:example.com..\"): \"example.com..\" is not"
                + " a domain (it needs a dot and a top-level label)"),
        // §7.3: c, r and t belong in explanation text, never in a domain-spec (exp= included)
        Arguments.of(
            "v=spf1 -all exp=%{r}.example.com",
            "syntax error at character 13 (\"exp=%{r}.example.com\"): %{r} is allowed only in"
                + " explanation text, not in a domain (RFC 7208 §7.3)"),
        Arguments.of(
            "v=spf1 -all exp=explain.%{c}.example.com",
            "syntax error at character 13 (\"exp=explain.%{c}.example.com\"): %{c} is allowed"
                + " only in explanation text, not in a domain (RFC 7208 §7.3)"),
        Arguments.of(
            "v=spf1 exists:%{t}.example.com -all",
            "syntax error at character 8 (\"exists:%{t}.example.com\"): %{t} is allowed only in"
                + " explanation text, not in a domain (RFC 7208 §7.3)"),
        Arguments.of(
            "v=spf1 redirect=%{C}.example.com",
            "syntax error at character 8 (\"redirect=%{C}.example.com\"): %{C} is allowed only in"
                + " explanation text, not in a domain (RFC 7208 §7.3)"),
        Arguments.of(
            "v=spf1 exists:%{d.example.com -all",
            "syntax error at character 8 (\"exists:%{d.example.com\"): \"%\" must start a"
                + " macro: %{d}, %%, %_ or %-"),
        Arguments.of(
            "v=spf1 -all foo=%{x}",
            "syntax error at character 13 (\"foo=%{x}\"): %{x} is not a macro (s, l, o, d, i, p,"
                + " h, v; RFC 7208 §7.2)"),
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
