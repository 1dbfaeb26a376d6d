package dev.lookout.check.emailauth;

import dev.lookout.check.emailauth.EmailAuthExpect.Level;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DMARC per RFC 7489: exactly one record at {@code _dmarc.<domain>} starting with {@code v=DMARC1},
 * valid tags, the policy, reporting ({@code rua}, and the authorisation record an external report
 * domain must publish, §7.1) and {@code pct}.
 */
final class DmarcCheck {
  private static final String CHECK = "dmarc";
  private static final Set<String> TAGS =
      Set.of("v", "p", "sp", "adkim", "aspf", "pct", "fo", "rf", "ri", "rua", "ruf");

  private final EmailAuthAnalysis.Scan scan;
  private final EmailAuthCheck check;

  DmarcCheck(EmailAuthAnalysis.Scan scan, EmailAuthCheck check) {
    this.scan = scan;
    this.check = check;
  }

  static boolean isDmarc(String txt) {
    return txt.matches("^v\\s*=\\s*DMARC1\\s*(;.*)?$");
  }

  /**
   * The names whose {@code _dmarc} record may apply: the domain itself, then its parents down to
   * two labels (at most 5), as DMARCbis's tree walk does. Without a public-suffix list this is how
   * {@code mail.example.com} finds the organisational record at {@code _dmarc.example.com}.
   */
  static List<String> owners(String domain) {
    List<String> out = new java.util.ArrayList<>();
    String d = domain;
    while (out.size() < 5) {
      out.add(d);
      int dot = d.indexOf('.');
      if (dot < 0 || d.indexOf('.', dot + 1) < 0) {
        break;
      }
      d = d.substring(dot + 1);
    }
    return out;
  }

  void run() {
    List<String> owners = owners(check.domain());
    for (String owner : owners) {
      String name = "_dmarc." + owner;
      MailAnswer a = scan.get(MailQuery.txt(name));
      if (a == null) {
        return;
      }
      if (a.status() == MailAnswer.Status.FAILED) {
        scan.add(
            CHECK,
            Level.FAIL,
            "TXT " + name,
            "lookup failed (" + a.failure() + ")",
            "make the domain's nameservers answer (RFC 7489 §6.6.3)");
        return;
      }
      List<String> records = a.values().stream().filter(DmarcCheck::isDmarc).toList();
      if (records.size() > 1) {
        scan.add(
            CHECK,
            Level.FAIL,
            "TXT " + name,
            records.size() + " DMARC records: receivers ignore them all",
            "keep exactly one v=DMARC1 record (RFC 7489 §6.6.3)");
        return;
      }
      if (records.size() == 1) {
        judge(owner, name, records.get(0));
        return;
      }
    }
    String parents = owners.size() > 1 ? " here or at _dmarc." + owners.get(owners.size() - 1) : "";
    scan.add(
        CHECK,
        Level.FAIL,
        "TXT _dmarc." + check.domain(),
        "no DMARC record (no TXT record starting with v=DMARC1" + parents + ")",
        "publish \"v=DMARC1; p=quarantine; rua=mailto:dmarc@"
            + owners.get(owners.size() - 1)
            + "\" (RFC 7489 §6.3)");
  }

  /** Judges the record found at {@code name}, published by {@code owner}. */
  private void judge(String owner, String name, String text) {
    boolean inherited = !owner.equals(check.domain());
    String quoted =
        EmailAuthAnalysis.quote("TXT", name, text)
            + (inherited ? " (applies to " + check.domain() + ")" : "");
    Map<String, String> tags = tags(text, quoted);
    if (tags == null) {
      return;
    }
    // RFC 7489 §6.3: sp= is the policy for subdomains of the record's owner.
    String policyTag = inherited && tags.containsKey("sp") ? "sp" : "p";
    policy(policyTag, tags.get(policyTag), quoted);
    reports(owner, tags, quoted);
    String pct = tags.get("pct");
    if (pct != null && Integer.parseInt(pct) < 100) {
      scan.add(
          CHECK,
          Level.WARN,
          quoted,
          "pct=" + pct + ": the policy applies to only " + pct + "% of failing mail",
          "raise pct to 100, or remove it (RFC 7489 §6.3)");
    }
  }

  /** The tags, lower-case names to values; null when a malformed tag makes the record unusable. */
  private Map<String, String> tags(String text, String quoted) {
    Map<String, String> tags = new LinkedHashMap<>();
    boolean broken = false;
    for (String part : text.split(";")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        broken |= malformed(quoted, p, "is not tag=value");
        continue;
      }
      String tag = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = p.substring(eq + 1).trim();
      if (!TAGS.contains(tag)) {
        scan.add(
            CHECK,
            Level.WARN,
            quoted,
            "unknown tag \"" + EmailAuthAnalysis.clip(tag, 30) + "\": receivers ignore it",
            "remove it or correct its name (RFC 7489 §6.3)");
        continue;
      }
      if (tags.containsKey(tag)) {
        broken |= malformed(quoted, p, "repeats the tag " + tag);
        continue;
      }
      String problem = value(tag, value);
      if (problem != null) {
        broken |= malformed(quoted, p, problem);
        continue;
      }
      tags.put(tag, tag.equals("p") || tag.equals("sp") ? value.toLowerCase(Locale.ROOT) : value);
    }
    if (!tags.containsKey("p") && !broken) {
      // RFC 7489 §6.6.3: without a valid p=, the record is ignored (unless rua is present).
      scan.add(
          CHECK,
          Level.FAIL,
          quoted,
          "no p= tag: receivers apply no policy",
          "add p=quarantine or p=reject right after v=DMARC1 (RFC 7489 §6.3)");
      return null;
    }
    return broken ? null : tags;
  }

  private boolean malformed(String quoted, String part, String problem) {
    scan.add(
        CHECK,
        Level.FAIL,
        quoted,
        "malformed tag \"" + EmailAuthAnalysis.clip(part, 60) + "\": " + problem,
        "correct the tag (RFC 7489 §6.3, §6.4)");
    return true;
  }

  /** Why a tag's value is invalid, or null. */
  private static String value(String tag, String v) {
    switch (tag) {
      case "v":
        return v.equals("DMARC1") ? null : "the version is DMARC1";
      case "p":
      case "sp":
        return List.of("none", "quarantine", "reject").contains(v.toLowerCase(Locale.ROOT))
            ? null
            : "\"" + v + "\" is not none, quarantine or reject";
      case "adkim":
      case "aspf":
        return v.equals("r") || v.equals("s") ? null : "\"" + v + "\" is not r or s";
      case "pct":
        return v.matches("\\d{1,3}") && Integer.parseInt(v) <= 100
            ? null
            : "\"" + v + "\" is not a percentage from 0 to 100";
      case "fo":
        return v.matches("[01ds](\\s*:\\s*[01ds])*") ? null : "\"" + v + "\" is not 0, 1, d, s";
      case "ri":
        return v.matches("\\d{1,10}") ? null : "\"" + v + "\" is not a number of seconds";
      case "rua":
      case "ruf":
        for (String uri : v.split(",")) {
          if (!uri.trim().matches("(?i)[a-z][a-z0-9+.-]*:[^!\\s]+(![0-9]+[kmgt]?)?")) {
            return "\"" + uri.trim() + "\" is not a URI such as mailto:dmarc@example.com";
          }
        }
        return null;
      default:
        return null; // rf: any format token
    }
  }

  private void policy(String tag, String p, String quoted) {
    List<String> allowed = check.expect().dmarcPolicy();
    if (!allowed.isEmpty() && !allowed.contains(p)) {
      scan.add(
          CHECK,
          Level.FAIL,
          quoted,
          tag + "=" + p + ", expected " + String.join(" or ", allowed),
          "set " + tag + "=" + allowed.get(allowed.size() - 1) + " (RFC 7489 §6.3)");
    } else if (p.equals("none")) {
      scan.add(
          CHECK,
          Level.WARN,
          quoted,
          tag + "=none: receivers deliver mail that fails DMARC as if there were no policy",
          "move to p=quarantine, then p=reject, once reports show your senders pass (RFC 7489"
              + " §6.3)");
    }
  }

  private void reports(String owner, Map<String, String> tags, String quoted) {
    String rua = tags.get("rua");
    if (rua == null) {
      scan.add(
          CHECK,
          Level.WARN,
          quoted,
          "no rua: nobody receives aggregate reports, so failures go unseen",
          "add rua=mailto:dmarc@" + owner + " (RFC 7489 §6.3, §7.2)");
      return;
    }
    Set<String> external = new LinkedHashSet<>();
    for (String uri : rua.split(",")) {
      String u = uri.trim();
      if (!u.toLowerCase(Locale.ROOT).startsWith("mailto:")) {
        continue;
      }
      int at = u.lastIndexOf('@');
      String host = u.substring(at + 1).replaceFirst("!.*$", "").toLowerCase(Locale.ROOT);
      if (at > 0 && !related(host, owner)) {
        external.add(host);
      }
    }
    for (String host : external) {
      authorised(owner, host, quoted);
    }
  }

  /** RFC 7489 §7.1: an external report domain must say it accepts this domain's reports. */
  private void authorised(String owner, String host, String quoted) {
    String name = owner + "._report._dmarc." + host;
    MailAnswer a = scan.get(MailQuery.txt(name));
    if (a == null || a.values().stream().anyMatch(v -> v.startsWith("v=DMARC1"))) {
      return;
    }
    String seen =
        a.status() == MailAnswer.Status.FAILED
            ? "the lookup of TXT " + name + " failed (" + a.failure() + ")"
            : "there is no v=DMARC1 record at " + name;
    scan.add(
        CHECK,
        Level.FAIL,
        quoted,
        "rua sends reports to "
            + host
            + ", which has not authorised them ("
            + seen
            + "): receivers send it nothing",
        "ask " + host + " to publish \"v=DMARC1\" at " + name + " (RFC 7489 §7.1)");
  }

  /** Same organisation, approximately: one name is the other or ends in it. */
  private static boolean related(String host, String domain) {
    return host.equals(domain) || host.endsWith("." + domain) || domain.endsWith("." + host);
  }
}
