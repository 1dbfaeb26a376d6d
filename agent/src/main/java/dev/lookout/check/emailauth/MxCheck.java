package dev.lookout.check.emailauth;

import dev.lookout.check.emailauth.EmailAuthExpect.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * MX: at least one mail exchanger whose host resolves, or a null MX ({@code 0 .}, RFC 7505), which
 * says the domain takes no mail and must then be the only MX record.
 */
final class MxCheck {
  private static final String CHECK = "mx";
  private final EmailAuthAnalysis.Scan scan;
  private final String domain;

  MxCheck(EmailAuthAnalysis.Scan scan, String domain) {
    this.scan = scan;
    this.domain = domain;
  }

  /** {@code 0 .} (written {@code 0 } after the trailing dot is dropped). */
  static boolean isNullMx(String mx) {
    String[] f = mx.trim().split("\\s+");
    return f.length == 1 || f.length == 2 && f[1].equals(".");
  }

  void run() {
    MailAnswer a = scan.get(new MailQuery(domain, "MX"));
    if (a == null) {
      return;
    }
    String about = "MX " + domain;
    if (a.status() == MailAnswer.Status.FAILED) {
      scan.add(
          CHECK,
          Level.FAIL,
          about,
          "lookup failed (" + a.failure() + ")",
          "make the domain's nameservers answer (RFC 5321 §5.1)");
      return;
    }
    if (a.values().isEmpty()) {
      scan.add(
          CHECK,
          Level.FAIL,
          about,
          "no MX record: bounces and replies to this domain have nowhere to go",
          "add an MX record, or the null MX \"0 .\" if the domain takes no mail (RFC 5321 §5.1,"
              + " RFC 7505 §3)");
      return;
    }
    if (a.values().stream().anyMatch(MxCheck::isNullMx)) {
      if (a.values().size() > 1) {
        scan.add(
            CHECK,
            Level.FAIL,
            about,
            "a null MX (0 .) next to other MX records: " + String.join(", ", a.values()),
            "keep either the null MX or the real ones (RFC 7505 §3)");
      }
      return;
    }
    List<String> unresolved = new ArrayList<>();
    for (String mx : a.values()) {
      String host = mx.trim().split("\\s+")[1];
      MailAnswer v4 = scan.get(new MailQuery(host, "A"));
      MailAnswer v6 = scan.get(new MailQuery(host, "AAAA"));
      if (v4 == null || v6 == null || !v4.values().isEmpty() || !v6.values().isEmpty()) {
        continue;
      }
      String why = v4.status() == MailAnswer.Status.FAILED ? ": " + v4.failure() : "";
      unresolved.add(host + why);
    }
    for (String host : unresolved) {
      scan.add(
          CHECK,
          Level.FAIL,
          about,
          "MX host " + host + " has no A or AAAA record: mail to it cannot be delivered",
          "point the MX at a host with an address, or give the host one (RFC 5321 §5.1)");
    }
  }
}
