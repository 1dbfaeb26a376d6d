package dev.lookout.check.emailauth;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an email_auth target must show beyond the RFCs' own rules.
 *
 * @param dmarcPolicy the DMARC {@code p=} values allowed; empty allows any (p=none still warns)
 * @param spfAll the {@code all} qualifiers the SPF record may end with ({@code -all}, {@code ~all},
 *     {@code ?all}); {@code +all} always fails
 * @param failOn which findings fail the target: only {@code fail} ones, or {@code warn} ones too
 */
public record EmailAuthExpect(List<String> dmarcPolicy, List<String> spfAll, Level failOn) {
  public static final List<String> POLICIES = List.of("none", "quarantine", "reject");
  public static final List<String> DEFAULT_SPF_ALL = List.of("-all", "~all");
  static final Set<String> ALL_QUALIFIERS = Set.of("-all", "~all", "?all");
  public static final EmailAuthExpect DEFAULT =
      new EmailAuthExpect(List.of(), DEFAULT_SPF_ALL, Level.FAIL);

  public EmailAuthExpect {
    dmarcPolicy = List.copyOf(dmarcPolicy);
    spfAll = List.copyOf(spfAll);
    Objects.requireNonNull(failOn, "failOn");
    if (!POLICIES.containsAll(dmarcPolicy)) {
      throw new IllegalArgumentException("dmarc_policy values are none, quarantine, reject");
    }
    if (spfAll.isEmpty() || !ALL_QUALIFIERS.containsAll(spfAll)) {
      throw new IllegalArgumentException("spf_all values are -all, ~all, ?all");
    }
  }

  /** How serious a finding is; {@code fail_on} names the least serious one that fails. */
  public enum Level {
    WARN,
    FAIL;

    public String label() {
      return this == WARN ? "warn" : "fail";
    }
  }
}
