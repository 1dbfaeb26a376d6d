package dev.lookout.check.maildelivery;

import java.util.List;
import java.util.Locale;

/**
 * The authentication methods the check reports, with the results RFC 8601 §2.7 (and RFC 7489 §11.2
 * for DMARC) lets a receiver give for each: the {@code result} label values of {@code
 * lookout_mail_auth_result}.
 */
public enum AuthMethod {
  SPF(List.of("pass", "fail", "softfail", "neutral", "none", "temperror", "permerror")),
  DKIM(List.of("pass", "fail", "neutral", "none", "policy", "temperror", "permerror")),
  DMARC(List.of("pass", "fail", "none", "temperror", "permerror"));

  private final List<String> results;

  AuthMethod(List<String> results) {
    this.results = results;
  }

  /** {@code spf}: as in the header and the config. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<String> results() {
    return results;
  }
}
