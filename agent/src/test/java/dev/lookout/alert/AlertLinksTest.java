package dev.lookout.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.testing.TestClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertLinksTest {
  final TestClock clock = new TestClock(Instant.parse("2026-12-01T14:00:00Z"));
  final AlertLinks links =
      new AlertLinks(clock)
          .configure(URI.create("https://lookout.example.com/"), "s3cret-s3cret-s3cret");

  static AlertEvent firing(String target) {
    Instant at = Instant.parse("2026-12-01T13:59:00Z");
    return new AlertEvent(AlertEvent.Kind.FIRING, target, "critical", List.of(), at, at, at, 1);
  }

  static String sig(String link) {
    return link.substring(link.indexOf("?sig=") + 5);
  }

  @Test
  void aLinkAcksItsOwnIncidentOnlyAndOnlyUntilItExpires() {
    AlertEvent e = firing("api/availability");
    String link = links.ack(e);
    assertThat(link)
        .startsWith("https://lookout.example.com/ack/api%2Favailability%401796133540000?sig=");
    assertThat(links.verify(e.incident(), sig(link), clock.instant())).isTrue();
    // Another incident's signature.
    String other = sig(links.ack(firing("shop")));
    assertThat(links.verify(e.incident(), other, clock.instant())).isFalse();
    // Tampered: one character of the MAC, or a later expiry.
    String s = sig(link);
    String flipped = s.substring(0, s.length() - 1) + (s.endsWith("A") ? "B" : "A");
    assertThat(links.verify(e.incident(), flipped, clock.instant())).isFalse();
    long exp = Long.parseLong(s.substring(0, s.indexOf('.')));
    assertThat(
            links.verify(
                e.incident(), (exp + 86400) + s.substring(s.indexOf('.')), clock.instant()))
        .isFalse();
    assertThat(links.verify(e.incident(), "garbage", clock.instant())).isFalse();
    assertThat(links.verify(e.incident(), null, clock.instant())).isFalse();
    // Expired.
    clock.advance(AlertLinks.VALID.plus(Duration.ofSeconds(1)));
    assertThat(links.verify(e.incident(), s, clock.instant())).isFalse();
  }

  @Test
  void noAckLinkWithoutASecretOrForNewsThatWantsNobody() {
    AlertLinks plain = new AlertLinks(clock).configure(URI.create("https://l.example/"), null);
    assertThat(plain.ack(firing("shop"))).isNull();
    assertThat(plain.status()).isEqualTo("https://l.example/");
    AlertEvent f = firing("shop");
    AlertEvent resolved =
        new AlertEvent(
            AlertEvent.Kind.RESOLVED,
            "shop",
            "critical",
            List.of(),
            f.failingSince(),
            f.firedAt(),
            f.at(),
            2);
    assertThat(links.ack(resolved)).isNull();
    assertThat(links.toString()).doesNotContain("s3cret");
  }

  @Test
  void alertTextGivesSecondsAHumanDurationAndTheLinks() {
    Instant since = Instant.parse("2026-12-01T19:02:32.340272085Z");
    AlertEvent e =
        new AlertEvent(
            AlertEvent.Kind.FIRING,
            "shop",
            "critical",
            List.of(new dev.lookout.evaluate.Finding("status", "status 503")),
            since,
            since,
            since.plus(Duration.ofMinutes(3)),
            1);
    String text =
        Messages.plainText(
            Notification.of("ops", clock.instant(), List.of(e)), java.util.Map.of(), links);
    assertThat(text)
        .contains("since 2026-12-01T19:02:32Z (3 min)")
        .doesNotContain(".340272085")
        .contains("acknowledge: https://lookout.example.com/ack/shop%40")
        .contains("status: https://lookout.example.com/");
    assertThat(Messages.count(1, "error")).isEqualTo("1 error");
    assertThat(Messages.count(2, "error")).isEqualTo("2 errors");
  }
}
