package dev.lookout.check.emailauth;

import dev.lookout.config.CheckSpec;
import dev.lookout.config.HostPort;
import java.util.List;
import java.util.Objects;

/**
 * The {@code email_auth} block: the domain whose mail authentication (SPF, DKIM, DMARC, MX) is
 * checked, the DKIM selectors to look at (they cannot be discovered from DNS), and the recursive
 * resolvers to ask. The whole check is bounded by the target's {@code timeout}.
 *
 * @param domain the mail domain, lower-case, without the trailing dot
 * @param dkimSelectors selectors whose keys live at {@code <selector>._domainkey.<domain>}
 * @param resolvers recursive resolvers, tried in order when one fails; empty means the system's
 */
public record EmailAuthCheck(
    String domain, List<String> dkimSelectors, List<HostPort> resolvers, EmailAuthExpect expect)
    implements CheckSpec {

  public EmailAuthCheck {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(expect, "expect");
    dkimSelectors = List.copyOf(dkimSelectors);
    resolvers = List.copyOf(resolvers);
    if (domain.isEmpty() || domain.endsWith(".")) {
      throw new IllegalArgumentException("domain must be a name without the trailing dot");
    }
  }

  @Override
  public String where() {
    return "mail of " + domain;
  }

  @Override
  public String type() {
    return "email_auth";
  }
}
