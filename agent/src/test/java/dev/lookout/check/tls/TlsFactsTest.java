package dev.lookout.check.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.status.TargetDetail;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the status page shows about a tls target, taken from one probe's observation. */
class TlsFactsTest {
  @Test
  void tlsCountsAddressesThatCompletedAHandshake() {
    TlsObservation o =
        new TlsObservation(
            "api",
            443,
            List.of(
                new AddressReport(
                    "127.0.0.1:443", "connection refused", null, null, null, null, null)));
    TargetDetail d = TlsTarget.detail(o, Instant.now());
    assertThat(d.facts()).containsExactly("0 of 1 address ok");
    assertThat(d.field("cert_days_left")).isNull();
  }

  /** A target firing on its certificate must not read "1 of 1 address ok" beside it. */
  @Test
  void withFindingsTheAddressesThatAnsweredAreNotCalledOk() {
    TlsObservation o =
        new TlsObservation(
            "api",
            443,
            List.of(
                new AddressReport(
                    "127.0.0.1:443", "connection refused", null, null, null, null, null)));
    assertThat(TlsTarget.detail(o, Instant.now(), 2).facts())
        .containsExactly("0 of 1 address answered, 2 findings");
    assertThat(TlsTarget.detail(o, Instant.now(), 0).facts()).containsExactly("0 of 1 address ok");
  }
}
