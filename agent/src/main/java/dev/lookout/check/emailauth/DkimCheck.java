package dev.lookout.check.emailauth;

import dev.lookout.check.emailauth.EmailAuthExpect.Level;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DKIM keys per RFC 6376 and RFC 8301, one selector at a time: a key record at {@code
 * <selector>._domainkey.<domain>} (a CNAME to the mail provider is followed by the resolver), a key
 * that is present (an empty {@code p=} revokes it), of a known type, and long enough.
 */
final class DkimCheck {
  private static final String CHECK = "dkim";
  static final int RSA_MIN = 1024;
  static final int RSA_GOOD = 2048;

  private final EmailAuthAnalysis.Scan scan;
  private final EmailAuthCheck check;

  DkimCheck(EmailAuthAnalysis.Scan scan, EmailAuthCheck check) {
    this.scan = scan;
    this.check = check;
  }

  void run() {
    for (String selector : check.dkimSelectors()) {
      selector(selector);
    }
  }

  private void selector(String selector) {
    String name = selector + "._domainkey." + check.domain();
    MailAnswer a = scan.get(MailQuery.txt(name));
    if (a == null) {
      return;
    }
    String about = "TXT " + name + (a.cname() == null ? "" : " → CNAME " + a.cname());
    if (a.status() == MailAnswer.Status.FAILED) {
      scan.add(
          CHECK,
          Level.FAIL,
          about,
          "selector " + selector + ": lookup failed (" + a.failure() + ")",
          "make the nameservers answer for the key record (RFC 6376 §3.6.2)");
      return;
    }
    List<String> keys = a.values().stream().filter(DkimCheck::looksLikeKey).toList();
    if (keys.isEmpty()) {
      scan.add(
          CHECK,
          Level.FAIL,
          about,
          "selector "
              + selector
              + ": no key record"
              + (a.cname() == null ? "" : " at the CNAME target")
              + ": mail signed with it fails DKIM",
          "publish the key your mail provider gives you for this selector, or drop the selector"
              + " from dkim_selectors (RFC 6376 §3.6.2.1)");
      return;
    }
    if (keys.size() > 1) {
      scan.add(
          CHECK,
          Level.FAIL,
          about,
          "selector " + selector + ": " + keys.size() + " key records: verification is undefined",
          "keep one key record per selector (RFC 6376 §3.6.2.2)");
      return;
    }
    key(selector, EmailAuthAnalysis.quote("TXT", name, keys.get(0)), tags(keys.get(0)));
  }

  /**
   * The key a record publishes, in words for the report ({@code RSA 2048-bit key}, {@code Ed25519
   * key}, {@code revoked key (empty p=)}); null when the record holds no key.
   */
  static String describe(String txt) {
    if (!looksLikeKey(txt)) {
      return null;
    }
    Map<String, String> tags = tags(txt);
    String p = tags.get("p");
    if (p == null) {
      return "record without a key (no p=)";
    }
    p = p.replaceAll("\\s+", "");
    if (p.isEmpty()) {
      return "revoked key (empty p=)";
    }
    String k = tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
    if (k.equals("ed25519")) {
      return "Ed25519 key";
    }
    try {
      RSAPublicKey key =
          (RSAPublicKey)
              KeyFactory.getInstance("RSA")
                  .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(p)));
      return "RSA " + key.getModulus().bitLength() + "-bit key";
    } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
      return "unreadable key";
    }
  }

  /** A key record has tags; other TXT records at the name (e.g. verification strings) do not. */
  private static boolean looksLikeKey(String txt) {
    return txt.contains("=");
  }

  private static Map<String, String> tags(String txt) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : txt.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.putIfAbsent(
            part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
      }
    }
    return out;
  }

  private void key(String selector, String quoted, Map<String, String> tags) {
    String s = "selector " + selector + ": ";
    String v = tags.get("v");
    if (v != null && !v.equals("DKIM1")) {
      fail(quoted, s + "v=" + EmailAuthAnalysis.clip(v, 20) + " is not DKIM1", "§3.6.1");
      return;
    }
    String p = tags.get("p");
    if (p == null) {
      fail(quoted, s + "no p= tag (the public key)", "§3.6.1");
      return;
    }
    p = p.replaceAll("\\s+", "");
    if (p.isEmpty()) {
      scan.add(
          CHECK,
          Level.FAIL,
          quoted,
          s + "the key is revoked (empty p=): mail signed with it fails DKIM",
          "sign with a current selector and remove this one from dkim_selectors, or publish its"
              + " key (RFC 6376 §3.6.1)");
      return;
    }
    String k = tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
    if (k.equals("rsa")) {
      rsa(s, quoted, p);
    } else if (k.equals("ed25519")) {
      ed25519(s, quoted, p);
    } else {
      fail(quoted, s + "k=" + EmailAuthAnalysis.clip(k, 20) + " is not rsa or ed25519", "§3.6.1");
      return;
    }
    String h = tags.get("h");
    if (h != null && !h.toLowerCase(Locale.ROOT).contains("sha256")) {
      scan.add(
          CHECK,
          Level.FAIL,
          quoted,
          s + "h=" + EmailAuthAnalysis.clip(h, 20) + " allows only SHA-1, which verifiers reject",
          "remove h= or set h=sha256 (RFC 8301 §3.1)");
    }
    String t = tags.get("t");
    if (t != null && List.of(t.split(":")).stream().anyMatch(f -> f.trim().equals("y"))) {
      scan.add(
          CHECK,
          Level.WARN,
          quoted,
          s + "t=y (testing): verifiers may treat signed mail as unsigned",
          "remove t=y once signing works (RFC 6376 §3.6.1)");
    }
  }

  private void rsa(String s, String quoted, String p) {
    int bits;
    try {
      byte[] der = Base64.getDecoder().decode(p);
      RSAPublicKey key =
          (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      bits = key.getModulus().bitLength();
    } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
      fail(quoted, s + "p= is not a valid RSA public key", "§3.6.1");
      return;
    }
    if (bits < RSA_MIN) {
      scan.add(
          CHECK,
          Level.FAIL,
          quoted,
          s + "RSA key of " + bits + " bits, less than " + RSA_MIN + ": verifiers reject it",
          "rotate to a 2048-bit key (RFC 8301 §3.2)");
    } else if (bits < RSA_GOOD) {
      scan.add(
          CHECK,
          Level.WARN,
          quoted,
          s + "RSA key of " + bits + " bits, less than the recommended " + RSA_GOOD,
          "rotate to a 2048-bit key (RFC 8301 §3.2)");
    }
  }

  private void ed25519(String s, String quoted, String p) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(p);
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length != 32) {
      scan.add(
          CHECK,
          Level.FAIL,
          quoted,
          s + "p= is not an Ed25519 public key (" + raw.length + " bytes, not 32)",
          "publish the raw 32-byte key in base64 (RFC 8463 §4.2)");
    }
  }

  private void fail(String quoted, String problem, String section) {
    scan.add(
        CHECK,
        Level.FAIL,
        quoted,
        problem,
        "publish the record as your mail provider gives it (RFC 6376 " + section + ")");
  }
}
