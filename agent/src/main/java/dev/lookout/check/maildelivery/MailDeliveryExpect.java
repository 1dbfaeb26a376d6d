package dev.lookout.check.maildelivery;

import java.time.Duration;
import java.util.Set;

/**
 * The {@code expect:} block of a mail delivery target.
 *
 * @param deliveredWithin how long the message may take from SMTP's {@code 250} to the mailbox;
 *     null: as long as the target's timeout allows
 * @param inInbox whether a message in the spam folder fails the probe (default true)
 * @param spf the acceptable {@code spf=} results of the receiver (empty: not checked)
 * @param dkim the acceptable {@code dkim=} results
 * @param dmarc the acceptable {@code dmarc=} results
 */
public record MailDeliveryExpect(
    Duration deliveredWithin,
    boolean inInbox,
    Set<String> spf,
    Set<String> dkim,
    Set<String> dmarc) {
  public static final MailDeliveryExpect DEFAULT =
      new MailDeliveryExpect(null, true, Set.of(), Set.of(), Set.of());

  public MailDeliveryExpect {
    spf = Set.copyOf(spf);
    dkim = Set.copyOf(dkim);
    dmarc = Set.copyOf(dmarc);
  }

  /** The acceptable results of one method ({@code spf}, {@code dkim}, {@code dmarc}). */
  public Set<String> accepted(AuthMethod method) {
    return switch (method) {
      case SPF -> spf;
      case DKIM -> dkim;
      case DMARC -> dmarc;
    };
  }

  /** Whether any authentication result is checked. */
  public boolean checksAuthentication() {
    return !spf.isEmpty() || !dkim.isEmpty() || !dmarc.isEmpty();
  }
}
