package dev.lookout.probe;

import static dev.lookout.testing.TestCertificates.days;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6125 name matching as browsers apply it. */
class HostnameMatcherTest {

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
    "api.example.com, api.example.com, true",
    "API.Example.COM, api.example.com, true",
    "api.example.com., api.example.com, true",
    "api.example.com, www.example.com, false",
    "*.example.com, api.example.com, true",
    "*.example.com, API.EXAMPLE.COM, true",
    "*.example.com, example.com, false",
    "*.example.com, a.b.example.com, false",
    "*.com, example.com, false",
    "a*.example.com, api.example.com, false",
    "*.bücher.example, shop.xn--bcher-kva.example, true",
    "api.*.example.com, api.eu.example.com, false",
  })
  void matches(String pattern, String host, boolean expected) {
    assertThat(HostnameMatcher.matches(pattern, host)).isEqualTo(expected);
  }

  @Test
  void ipAddressMatchesOnlyAnIpEntry() {
    var byIp = TestCertificates.selfSigned(days(-1), days(1), "127.0.0.1");
    var byName = TestCertificates.selfSigned(days(-1), days(1), "localhost");

    assertThat(HostnameMatcher.problem(byIp.cert(), "127.0.0.1")).isNull();
    assertThat(HostnameMatcher.problem(byName.cert(), "127.0.0.1"))
        .isEqualTo("name mismatch: served for localhost");
  }

  @Test
  void longNameListsAreShortened() {
    var many =
        TestCertificates.selfSigned(
            days(-1), days(1), "a.test", "b.test", "c.test", "d.test", "e.test", "f.test",
            "g.test");

    assertThat(HostnameMatcher.problem(many.cert(), "z.test"))
        .isEqualTo("name mismatch: served for a.test, b.test, c.test, d.test, e.test and 2 more");
  }
}
