package dev.lookout.check.emailauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.probe.ProbeResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPF (RFC 7208) findings, each from a record served on loopback. */
class SpfCheckTest extends EmailAuthTestBase {
  @Test
  void nestedIncludesReachingElevenLookupsFail() {
    dns.records(
            "example.com",
            "TXT",
            "\"v=spf1 include:spf1.example.net include:spf2.example.net -all\"")
        .records(
            "spf1.example.net",
            "TXT",
            "\"v=spf1 a:mx1.example.com mx:example.com include:spf3.example.net ~all\"")
        .records(
            "spf2.example.net",
            "TXT",
            "\"v=spf1 a:mx1.example.com mx:example.com a:mx1.example.com ~all\"")
        .records(
            "spf3.example.net",
            "TXT",
            "\"v=spf1 a:mx1.example.com mx:example.com exists:mx1.example.com ~all\"");
    assertThat(findings())
        .containsExactly(
            "spf fail: 11 DNS-querying terms (include, a, mx, ptr, exists, redirect), more than 10:"
                + " receivers return permerror");
    assertThat(verdict(target("")))
        .containsExactly(
            "SPF fail: 11 DNS-querying terms (include, a, mx, ptr, exists, redirect), more than 10:"
                + " receivers return permerror — TXT example.com — fix: replace includes you no"
                + " longer use, or ip4:/ip6: ranges for mechanisms, to stay at 10 or fewer (RFC"
                + " 7208 §4.6.4)");
  }

  @Test
  void tenLookupsPass() {
    dns.records(
            "example.com",
            "TXT",
            "\"v=spf1 include:spf1.example.net include:spf2.example.net -all\"")
        .records(
            "spf1.example.net",
            "TXT",
            "\"v=spf1 a:mx1.example.com mx:example.com include:spf3.example.net ~all\"")
        .records("spf2.example.net", "TXT", "\"v=spf1 a:mx1.example.com mx:example.com ~all\"")
        .records(
            "spf3.example.net",
            "TXT",
            "\"v=spf1 a:mx1.example.com mx:example.com exists:mx1.example.com ~all\"");
    assertThat(findings()).isEmpty();
  }

  @Test
  void includeLoopFails() {
    dns.records("example.com", "TXT", "\"v=spf1 include:loop.example.net -all\"")
        .records("loop.example.net", "TXT", "\"v=spf1 include:example.com ~all\"");
    assertThat(findings())
        .containsExactly(
            "spf fail: loop: example.com → loop.example.net → example.com (via"
                + " include:example.com)");
  }

  @Test
  void twoSpfRecordsFail() {
    dns.records(
        "example.com",
        "TXT",
        "\"v=spf1 -all\"",
        "\"v=spf1 ip4:192.0.2.1 ~all\"",
        "\"google-site-verification=abc\"");
    assertThat(findings())
        .containsExactly(
            "spf fail: 2 SPF records (\"v=spf1 -all\", \"v=spf1 ip4:192.0.2.1 ~all\"): receivers"
                + " return permerror");
  }

  @Test
  void plusAllFails() {
    dns.records("example.com", "TXT", "\"v=spf1 ip4:192.0.2.0/24 +all\"");
    assertThat(findings())
        .containsExactly("spf fail: +all lets every server on the internet send as example.com");
  }

  @Test
  void threeVoidLookupsFail() {
    dns.records(
        "example.com",
        "TXT",
        "\"v=spf1 a:gone1.example.com a:gone2.example.com mx:gone3.example.com -all\"");
    assertThat(findings())
        .containsExactly(
            "spf fail: 3 void lookups (names with no records: gone1.example.com,"
                + " gone2.example.com, gone3.example.com), more than 2: receivers return permerror");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ip4:192.0.2.1/", "ip4:192.0.2.1//24", "ip4:192.0.2.1//32", "ip6:::1/"})
  void malformedPrefixIsAnSpfFailAndDmarcAndMxAreStillJudged(String term) {
    dns.records("example.com", "TXT", "\"v=spf1 " + term + " -all\"")
        .records("_dmarc.example.com", "TXT", "\"v=DMARC1; p=none\"")
        .records("mx1.example.com", "A");
    List<String> findings = findings();
    assertThat(findings)
        .filteredOn(f -> f.startsWith("spf "))
        .singleElement()
        .asString()
        .startsWith("spf fail: syntax error at character 8 (\"" + term + "\"): ")
        .endsWith(
            "is not a prefix length (write /0 to /"
                + (term.startsWith("ip4") ? 32 : 128)
                + " after the address, RFC 7208 §5.6): receivers return permerror")
        .doesNotContain("For input string");
    assertThat(findings).anySatisfy(f -> assertThat(f).startsWith("dmarc "));
    assertThat(findings).anySatisfy(f -> assertThat(f).startsWith("mx "));
  }

  @Test
  void syntaxErrorNamesTheCharacter() {
    dns.records("example.com", "TXT", "\"v=spf1 mx ip4:192.0.2.300 include -all\"");
    assertThat(findings())
        .containsExactly(
            "spf fail: syntax error at character 11 (\"ip4:192.0.2.300\"): \"192.0.2.300\" is not"
                + " an IPv4 address: receivers return permerror",
            "spf fail: syntax error at character 27 (\"include\"): include needs a domain:"
                + " include:example.com: receivers return permerror");
  }

  @Test
  void neutralAllAndPtrWarn() {
    dns.records("example.com", "TXT", "\"v=spf1 ptr ?all\"");
    assertThat(findings())
        .containsExactly(
            "spf warn: \"ptr\" is slow and unreliable, and many receivers ignore it",
            "spf warn: ?all: mail from unlisted senders gets a neutral result, neither pass nor"
                + " fail");
  }

  @Test
  void softFailIsRefusedWhenOnlyHardFailIsExpected() {
    dns.records("example.com", "TXT", "\"v=spf1 ip4:192.0.2.0/24 ~all\"");
    assertThat(findings(target("expect: {spf_all: [-all]}")))
        .containsExactly("spf fail: the record ends in ~all, expected -all");
  }

  @Test
  void redirectIsFollowedForItsAll() {
    dns.records("example.com", "TXT", "\"v=spf1 redirect=_spf.example.net\"")
        .records("_spf.example.net", "TXT", "\"v=spf1 ip4:192.0.2.0/24 ?all\"");
    assertThat(findings())
        .containsExactly(
            "spf warn: ?all: mail from unlisted senders gets a neutral result, neither pass nor"
                + " fail");
  }

  @Test
  void includeWithoutSpfFails() {
    dns.records("example.com", "TXT", "\"v=spf1 include:nospf.example.net -all\"")
        .records("nospf.example.net", "TXT", "\"just text\"");
    assertThat(findings())
        .containsExactly(
            "spf fail: include:nospf.example.net has no SPF record: receivers return permerror");
  }

  @Test
  void longRecordWarns() {
    StringBuilder r = new StringBuilder("v=spf1");
    for (int i = 0; i < 30; i++) {
      r.append(" ip4:192.0.2.").append(i);
    }
    r.append(" -all");
    dns.records("example.com", "TXT", txt(r.toString()));
    assertThat(findings())
        .containsExactly(
            "spf warn: the record is "
                + r.length()
                + " bytes, more than 450: with other TXT records the answer may not fit in UDP");
  }

  @Test
  void missingSpfFails() {
    dns.records("example.com", "TXT");
    assertThat(findings())
        .containsExactly("spf fail: no SPF record (no TXT record starting with v=spf1)");
  }

  @Test
  void aLongIncludeChainStopsTheWalk() {
    dns.records("example.com", "TXT", "\"v=spf1 include:c0.example.net -all\"");
    for (int i = 0; i < 40; i++) {
      dns.records(
          "c" + i + ".example.net", "TXT", "\"v=spf1 include:c" + (i + 1) + ".example.net ~all\"");
    }
    assertThat(findings())
        .containsExactly(
            "spf fail: more than 30 DNS-querying terms (include, a, mx, ptr, exists, redirect), more"
                + " than 10: receivers return permerror");
  }

  @Test
  void macroTermsAreCountedButNotLookedUp() {
    dns.records("example.com", "TXT", "\"v=spf1 exists:%{i}._spf.%{d} a -all\"");
    dns.records("example.com", "A", "192.0.2.1");
    ProbeResult r = run(target(""));
    MailRecords o = (MailRecords) r.observation();
    assertThat(o.answers().keySet())
        .noneMatch(q -> q.name().contains("%"))
        .contains(new MailQuery("example.com", "A"), new MailQuery("example.com", "AAAA"));
    assertThat(
            EmailAuthAnalysis.analyze(
                    (dev.lookout.check.emailauth.EmailAuthCheck) target("").check(), o)
                .spfLookups())
        .isEqualTo(2);
  }
}
