package dev.lookout.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sending domain's mail authentication in plain words, from the records the email_auth check
 * published in its detail ({@code dmarc_record}, {@code spf_record}, {@code spf_lookups}, {@code
 * dkim_keys}): what receivers do with mail that fakes the domain, who may send for it, which keys
 * sign it.
 */
final class MailWords {
  private MailWords() {}

  /** Well-known SPF includes and who they are. */
  private static final Map<String, String> SENDERS = senders();

  private static Map<String, String> senders() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("_spf.google.com", "Google");
    m.put("spf.mtasv.net", "Postmark");
    m.put("sendgrid.net", "SendGrid");
    m.put("mailgun.org", "Mailgun");
    m.put("amazonses.com", "Amazon SES");
    m.put("spf.protection.outlook.com", "Microsoft 365");
    m.put("servers.mcsv.net", "Mailchimp");
    m.put("_spf.salesforce.com", "Salesforce");
    m.put("spf.brevo.com", "Brevo");
    m.put("zoho.eu", "Zoho");
    m.put("zoho.com", "Zoho");
    return m;
  }

  static List<String> sentences(String domain, TargetResult r) {
    List<String> out = new ArrayList<>();
    out.add(dmarc(domain, r.lines("dmarc_record")));
    out.add(spf(r.lines("spf_record"), r.whole("spf_lookups")));
    for (String line : r.lines("dkim_keys")) {
      String[] c = line.split("\t", 2);
      if (c.length == 2) {
        out.add("DKIM selector " + c[0] + ": " + c[1] + ".");
      }
    }
    if (r.failing() && r.fields().isEmpty()) {
      out.add(
          "The check got no answer: "
              + (r.lastError() == null ? "see its findings" : r.lastError())
              + ".");
    }
    return out;
  }

  static String dmarc(String domain, List<String> records) {
    if (records.isEmpty()) {
      return "No DMARC record: receivers decide on their own what to do with mail that fakes "
          + domain
          + ".";
    }
    Map<String, String> tags = tags(records.get(0));
    String p = tags.getOrDefault("p", "").toLowerCase(Locale.ROOT);
    String s =
        switch (p) {
          case "reject" -> "Receivers reject mail that fakes " + domain + " (DMARC p=reject).";
          case "quarantine" ->
              "Receivers put mail that fakes " + domain + " in spam (DMARC p=quarantine).";
          case "none" ->
              "Receivers deliver mail that fakes "
                  + domain
                  + " as if it were real (DMARC p=none: reports only).";
          default -> "The DMARC record has no usable policy, so receivers ignore it.";
        };
    String rua = tags.get("rua");
    return rua == null
        ? s + " Nobody gets DMARC reports (no rua)."
        : s + " Reports go to " + rua.replace("mailto:", "") + ".";
  }

  static String spf(List<String> records, Long lookups) {
    if (records.isEmpty()) {
      return "No SPF record: receivers cannot tell which servers may send for the domain.";
    }
    List<String> who = new ArrayList<>();
    String all = null;
    for (String term : records.get(0).split("\\s+")) {
      String t = term.toLowerCase(Locale.ROOT);
      String bare = t.replaceFirst("^[+~?-]", "");
      if (bare.startsWith("include:")) {
        String host = bare.substring(8);
        String name = SENDERS.getOrDefault(host, host);
        if (!who.contains(name)) {
          who.add(name);
        }
      } else if (bare.startsWith("ip4:")
          || bare.startsWith("ip6:")
          || bare.equals("a")
          || bare.startsWith("a:")
          || bare.equals("mx")
          || bare.startsWith("mx:")) {
        if (!who.contains("its own servers")) {
          who.add("its own servers");
        }
      } else if (bare.equals("all")) {
        all = t;
      }
    }
    String allows = who.isEmpty() ? "SPF allows no sender" : "SPF allows " + join(who);
    String used = lookups == null ? "" : " (" + lookups + " of 10 DNS lookups used)";
    String rest =
        all == null
            ? "; it does not end in -all, so other senders are not refused"
            : switch (all) {
              case "-all" -> "; other senders fail";
              case "~all" -> "; other senders soft-fail (usually spam)";
              case "?all" -> "; other senders are neutral (no protection)";
              default -> "; +all lets anyone send";
            };
    return allows + used + rest + ".";
  }

  private static String join(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }

  private static Map<String, String> tags(String record) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : record.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.putIfAbsent(
            part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
      }
    }
    return out;
  }
}
