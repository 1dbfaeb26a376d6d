package dev.lookout.check.http;

import static dev.lookout.testing.TestCertificates.days;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.checks.CheckTypes;
import dev.lookout.config.AlertPolicy;
import dev.lookout.config.Target;
import dev.lookout.evaluate.Finding;
import dev.lookout.history.LatencyWindow.Quantiles;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestCertificates;
import dev.lookout.testing.TestCertificates.Authority;
import dev.lookout.testing.TestCertificates.Issued;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The http check's {@code cert_days_above}: the shared certificate logic, on every https hop. */
class HttpCertificateDaysTest {
  private static final Authority ROOT = TestCertificates.root("Root");
  private static final Authority R11 = ROOT.intermediate("R11", days(-30), days(365));

  private static Target target() {
    HttpExpect expect =
        new HttpExpect(
            List.of(new HttpExpect.StatusRange(200, 299)),
            null,
            null,
            Map.of(),
            Map.of(),
            null,
            null,
            null,
            null,
            null,
            14);
    HttpCheck check =
        new HttpCheck(
            URI.create("https://example.test/"),
            "GET",
            Map.of(),
            null,
            true,
            10,
            HttpCheck.DEFAULT_MAX_BODY,
            false,
            HttpCheck.IpVersion.ANY,
            true,
            null,
            expect);
    return new Target(
        "home",
        check,
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        Duration.ofMinutes(5),
        AlertPolicy.defaults(),
        Map.of());
  }

  private static List<String> findings(Hop... hops) {
    HttpObservation o = new HttpObservation(List.of(hops), Map.of(), "", 0, false, HttpPhases.ZERO);
    ProbeResult r = ProbeResult.answered(Instant.now(), Duration.ofMillis(10), o);
    return CheckTypes.judge(target(), r, Quantiles.EMPTY, Instant.now()).findings().stream()
        .map(Finding::message)
        .toList();
  }

  private static String date(Issued i) {
    return LocalDate.ofInstant(i.cert().getNotAfter().toInstant(), ZoneOffset.UTC).toString();
  }

  @Test
  void expiringCertificateOfTheRedirectingApexIsReported() {
    Issued apex = R11.leaf(days(-80), days(5).plus(Duration.ofHours(1)), "example.test");
    Issued www = R11.leaf(days(-1), days(80), "www.example.test");

    assertThat(
            findings(
                new Hop(
                    URI.create("https://example.test/"),
                    "127.0.0.1:443",
                    301,
                    "https://www.example.test/",
                    apex.chain()),
                new Hop(
                    URI.create("https://www.example.test/"),
                    "127.0.0.2:443",
                    200,
                    null,
                    www.chain())))
        .containsExactly(
            "example.test on 127.0.0.1:443: certificate expires in 5 days ("
                + date(apex)
                + "), expected more than 14 days");
  }

  @Test
  void intermediateExpiringFirstIsNamed() {
    Authority shortLived = ROOT.intermediate("R10", days(-300), days(3).plus(Duration.ofHours(1)));
    Issued leaf = shortLived.leaf(days(-1), days(80), "www.example.test");

    assertThat(
            findings(
                new Hop(
                    URI.create("https://www.example.test/"),
                    "127.0.0.1:443",
                    200,
                    null,
                    leaf.chain())))
        .containsExactly(
            "www.example.test on 127.0.0.1:443: intermediate \"R10\" expires in 3 days ("
                + LocalDate.ofInstant(shortLived.cert().getNotAfter().toInstant(), ZoneOffset.UTC)
                + "), before the leaf ("
                + date(leaf)
                + ")");
  }

  @Test
  void plainHttpHasNoCertificateToCheck() {
    assertThat(
            findings(
                new Hop(URI.create("http://example.test/"), "127.0.0.1:80", 200, null, List.of())))
        .containsExactly("no certificate to check: http://example.test/ is not served over https");
  }

  @Test
  void sameCertificateOnTwoHopsIsReportedOnce() {
    Issued leaf = R11.leaf(days(-80), days(2).plus(Duration.ofHours(1)), "example.test");
    URI root = URI.create("https://example.test/");
    URI login = URI.create("https://example.test/login");

    assertThat(
            findings(
                new Hop(root, "127.0.0.1:443", 302, "/login", leaf.chain()),
                new Hop(login, "127.0.0.1:443", 200, null, leaf.chain())))
        .containsExactly(
            "example.test on 127.0.0.1:443: certificate expires in 2 days ("
                + date(leaf)
                + "), expected more than 14 days");
  }
}
