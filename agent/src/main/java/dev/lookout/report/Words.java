package dev.lookout.report;

import java.util.Locale;

/** The report's shared wording: days, percentages, and the sentences about mail and flows. */
final class Words {
  private Words() {}

  static String days(long days) {
    long n = Math.abs(days);
    return n + (n == 1 ? " day" : " days");
  }

  /** {@code 99.95%}: two decimals, trailing zeros kept so columns line up. */
  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.2f%%", ratio * 100);
  }

  /** {@code 142 ms}, {@code 1.20 s}; {@code -} when unknown. */
  static String millis(double seconds) {
    if (Double.isNaN(seconds)) {
      return "-";
    }
    return seconds < 1
        ? Math.round(seconds * 1000) + " ms"
        : String.format(Locale.ROOT, "%.2f s", seconds);
  }

  /** A fix as one sentence: capitalised, ending in a full stop. */
  static String sentence(String s) {
    if (s == null || s.isBlank()) {
      return "";
    }
    String t = s.strip();
    t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
    return t.endsWith(".") ? t : t + ".";
  }

  static String mailWhat(String check, boolean broken) {
    String c = check.toUpperCase(Locale.ROOT);
    return broken ? c + " is broken: mail is rejected or can be faked" : c + " could be stronger";
  }

  static String mailHurt(String check) {
    return switch (check) {
      case "dmarc" -> "your customers: anyone can send mail that looks like yours";
      case "spf" -> "your customers: your mail lands in spam or is rejected";
      case "dkim" -> "your customers: your signed mail fails verification";
      case "mx" -> "people who write to you: their mail may bounce";
      default -> "people who get your mail";
    };
  }

  static String mailExpected(String check) {
    return switch (check) {
      case "dmarc" -> "one DMARC record with p=quarantine or p=reject";
      case "spf" -> "one valid SPF record ending in -all, at most 10 lookups";
      case "dkim" -> "a current 2048-bit key for every selector";
      case "mx" -> "MX records that resolve";
      default -> "valid records";
    };
  }

  /** What a customer tries to do on a critical flow, from its name. */
  static String flowVerb(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.contains("checkout") || n.contains("pay")) {
      return "pay";
    }
    if (n.contains("signup") || n.contains("sign-up") || n.contains("register")) {
      return "sign up";
    }
    if (n.contains("login") || n.contains("signin") || n.contains("sign-in")) {
      return "log in";
    }
    return "use " + name;
  }
}
