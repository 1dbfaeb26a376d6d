package dev.lookout.check.emailauth;

import dev.lookout.check.emailauth.EmailAuthExpect.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SPF per RFC 7208, evaluated the way a receiver would for a sender it does not know (so every
 * mechanism up to {@code all} is tried): exactly one record, valid syntax, and, following {@code
 * include} and {@code redirect}, the number of DNS-querying terms (at most 10, §4.6.4), void
 * lookups (at most 2), loops, and what {@code all} says. {@code ptr} and terms with macros depend
 * on the sender, so they are counted but not looked up.
 */
final class SpfWalk {
  static final int MAX_LOOKUPS = 10;
  static final int MAX_VOID = 2;

  /** Beyond this many terms the walk stops: the record fails anyway, and DNS is not a toy. */
  static final int MAX_WALK = 30;

  private static final String CHECK = "spf";
  private final EmailAuthAnalysis.Scan scan;
  private final EmailAuthCheck check;
  private int lookups;
  private int voids;
  private final List<String> voidNames = new ArrayList<>();
  private boolean stopped;

  SpfWalk(EmailAuthAnalysis.Scan scan, EmailAuthCheck check) {
    this.scan = scan;
    this.check = check;
  }

  /** What evaluating one domain's record came to. */
  private enum Outcome {
    /** The domain has no SPF record (or the TXT lookup found nothing). */
    NONE,
    /** A permerror or temperror, already reported; or an answer is still missing. */
    ERROR,
    /** Evaluated; {@link #all} holds the qualifier of the record's {@code all}, if any. */
    DONE
  }

  private char all;

  /** Runs the walk and reports; returns the number of DNS-querying terms seen. */
  int run() {
    String domain = check.domain();
    String about = "TXT " + domain;
    Outcome o = evaluate(domain, List.of(domain), true);
    if (!scan.complete()) {
      return lookups;
    }
    if (o == Outcome.NONE) {
      scan.add(
          CHECK,
          Level.FAIL,
          about,
          "no SPF record (no TXT record starting with v=spf1)",
          "publish one, e.g. \"v=spf1 include:<your mail provider> -all\" (RFC 7208 §4.5)");
      return lookups;
    }
    if (lookups > MAX_LOOKUPS) {
      scan.add(
          CHECK,
          Level.FAIL,
          about,
          (stopped ? "more than " + MAX_WALK : Integer.toString(lookups))
              + " DNS-querying terms (include, a, mx, ptr, exists, redirect), more than "
              + MAX_LOOKUPS
              + ": receivers return permerror",
          "replace includes you no longer use, or ip4:/ip6: ranges for mechanisms, to stay at 10"
              + " or fewer (RFC 7208 §4.6.4)");
    }
    if (voids > MAX_VOID) {
      scan.add(
          CHECK,
          Level.FAIL,
          about,
          voids
              + " void lookups (names with no records: "
              + String.join(", ", voidNames)
              + "), more than "
              + MAX_VOID
              + ": receivers return permerror",
          "remove the mechanisms that point at names with no records (RFC 7208 §4.6.4)");
    }
    if (o == Outcome.DONE) {
      allQualifier(about);
    }
    return lookups;
  }

  private void allQualifier(String about) {
    if (all == '+') {
      return; // reported where the +all was found
    }
    String written = all == 0 ? null : all + "all";
    List<String> allowed = check.expect().spfAll();
    if (written == null || written.equals("?all")) {
      if (!allowed.contains("?all")) {
        scan.add(
            CHECK,
            Level.WARN,
            about,
            (written == null ? "no all mechanism" : "?all")
                + ": mail from unlisted senders gets a neutral result, neither pass nor fail",
            "end the record with -all (or ~all while you test) (RFC 7208 §4.7, §8.2)");
      }
      return;
    }
    if (!allowed.contains(written)) {
      scan.add(
          CHECK,
          Level.FAIL,
          about,
          "the record ends in " + written + ", expected " + String.join(" or ", allowed),
          "end the record with " + allowed.get(0) + " (RFC 7208 §5.1)");
    }
  }

  /** check_host() of RFC 7208 §4 for one domain; {@code path} is the include/redirect chain. */
  private Outcome evaluate(String domain, List<String> path, boolean top) {
    MailAnswer a = scan.get(MailQuery.txt(domain));
    if (a == null) {
      return Outcome.ERROR;
    }
    String about = "TXT " + domain;
    if (a.status() == MailAnswer.Status.FAILED) {
      scan.add(
          CHECK,
          Level.FAIL,
          about,
          "lookup failed (" + a.failure() + "): receivers return temperror",
          "make the domain's nameservers answer (RFC 7208 §4.4)");
      return Outcome.ERROR;
    }
    List<String> spf = a.values().stream().filter(SpfRecord::isSpf).toList();
    if (spf.isEmpty()) {
      return Outcome.NONE;
    }
    if (spf.size() > 1) {
      scan.add(
          CHECK,
          Level.FAIL,
          about,
          spf.size()
              + " SPF records ("
              + spf.stream()
                  .map(s -> "\"" + EmailAuthAnalysis.clip(s, 60) + "\"")
                  .collect(Collectors.joining(", "))
              + "): receivers return permerror",
          "merge them into one v=spf1 record (RFC 7208 §4.5, §3.2)");
      return Outcome.ERROR;
    }
    String text = spf.get(0);
    String quoted = EmailAuthAnalysis.quote("TXT", domain, text);
    if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 450) {
      scan.add(
          CHECK,
          Level.WARN,
          quoted,
          "the record is "
              + text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
              + " bytes, more than 450: with other TXT records the answer may not fit in UDP",
          "shorten it, e.g. move senders into an include (RFC 7208 §3.4)");
    }
    SpfRecord record = new SpfRecord(text);
    for (SpfRecord.Error e : record.errors) {
      scan.add(
          CHECK,
          Level.FAIL,
          quoted,
          e.describe() + ": receivers return permerror",
          "correct the term (RFC 7208 §12, §4.6)");
    }
    if (!record.errors.isEmpty()) {
      return Outcome.ERROR;
    }
    return terms(domain, path, top, record, quoted);
  }

  private Outcome terms(
      String domain, List<String> path, boolean top, SpfRecord record, String quoted) {
    SpfRecord.Term redirect = null;
    char seenAll = 0;
    for (SpfRecord.Term t : record.terms) {
      if (t.modifier()) {
        redirect = t.name().equals("redirect") ? t : redirect;
        continue;
      }
      if (stopped) {
        return Outcome.ERROR;
      }
      mechanism(domain, path, t, quoted);
      if (t.name().equals("all")) {
        seenAll = t.qualifier();
        break; // RFC 7208 §5.1: mechanisms after all are never tested
      }
    }
    if (seenAll != 0 || redirect == null) {
      all = top ? seenAll : all;
      return Outcome.DONE;
    }
    // RFC 7208 §6.1: redirect applies only when no mechanism matched and there is no all.
    String target = domainOf(redirect);
    if (!count(redirect) || redirect.hasMacro()) {
      return Outcome.ERROR;
    }
    if (loop(path, target, quoted, "redirect=")) {
      return Outcome.ERROR;
    }
    Outcome o = evaluate(target, append(path, target), top);
    if (o == Outcome.NONE) {
      noRecord(target, "redirect=", quoted, "§6.1");
      return Outcome.ERROR;
    }
    return o;
  }

  private void mechanism(String domain, List<String> path, SpfRecord.Term t, String quoted) {
    switch (t.name()) {
      case "all" -> {
        if (t.qualifier() == '+') {
          scan.add(
              CHECK,
              Level.FAIL,
              quoted,
              "+all lets every server on the internet send as " + check.domain(),
              "end the record with -all or ~all (RFC 7208 §5.1, §11)");
        }
      }
      case "include" -> include(path, t, quoted);
      case "a" -> {
        if (count(t) && !t.hasMacro()) {
          String name = t.argument() == null ? domain : t.argument();
          MailAnswer v4 = scan.get(new MailQuery(name, "A"));
          MailAnswer v6 = scan.get(new MailQuery(name, "AAAA"));
          if (v4 != null && v6 != null && v4.isVoid() && v6.isVoid()) {
            noteVoid(name);
          }
        }
      }
      case "mx" -> {
        if (count(t) && !t.hasMacro()) {
          mx(t.argument() == null ? domain : t.argument(), quoted);
        }
      }
      case "exists" -> {
        if (count(t) && !t.hasMacro()) {
          MailAnswer a = scan.get(new MailQuery(t.argument(), "A"));
          if (a != null && a.isVoid()) {
            noteVoid(t.argument());
          }
        }
      }
      case "ptr" -> {
        count(t);
        scan.add(
            CHECK,
            Level.WARN,
            quoted,
            "\"" + t.text() + "\" is slow and unreliable, and many receivers ignore it",
            "replace ptr with ip4:/ip6: ranges or a (RFC 7208 §5.5)");
      }
      default -> {
        // ip4, ip6: no DNS
      }
    }
  }

  private void include(List<String> path, SpfRecord.Term t, String quoted) {
    if (!count(t) || t.hasMacro()) {
      return;
    }
    String target = domainOf(t);
    if (loop(path, target, quoted, "include:")) {
      return;
    }
    Outcome o = evaluate(target, append(path, target), false);
    if (o == Outcome.NONE) {
      noRecord(target, "include:", quoted, "§5.2");
    }
  }

  private void mx(String name, String quoted) {
    MailAnswer a = scan.get(new MailQuery(name, "MX"));
    if (a == null) {
      return;
    }
    if (a.isVoid()) {
      noteVoid(name);
    } else if (a.values().size() > 10) {
      scan.add(
          CHECK,
          Level.FAIL,
          quoted,
          "mx for " + name + " has " + a.values().size() + " MX hosts, more than 10",
          "use ip4:/ip6: ranges instead of mx (RFC 7208 §4.6.4)");
    }
  }

  /** Counts one DNS-querying term; false once the walk has gone far enough to stop. */
  private boolean count(SpfRecord.Term t) {
    lookups++;
    if (lookups > MAX_WALK) {
      stopped = true;
      return false;
    }
    return true;
  }

  private void noteVoid(String name) {
    voids++;
    voidNames.add(name);
  }

  private void noRecord(String target, String how, String quoted, String section) {
    MailAnswer a = scan.get(MailQuery.txt(target));
    if (a != null && a.isVoid()) {
      noteVoid(target);
    }
    scan.add(
        CHECK,
        Level.FAIL,
        quoted,
        how + target + " has no SPF record: receivers return permerror",
        "remove " + how + target + " or publish SPF there (RFC 7208 " + section + ")");
  }

  private boolean loop(List<String> path, String target, String quoted, String how) {
    if (!path.contains(target)) {
      return false;
    }
    scan.add(
        CHECK,
        Level.FAIL,
        quoted,
        "loop: " + String.join(" → ", append(path, target)) + " (via " + how + target + ")",
        "remove the " + how + " that leads back (RFC 7208 §4.6.4, §5.2)");
    return true;
  }

  /** The term's domain as the walk compares names: lower-case, no trailing dot. */
  private static String domainOf(SpfRecord.Term t) {
    return new MailQuery(t.argument(), "TXT").name();
  }

  private static List<String> append(List<String> path, String next) {
    List<String> out = new ArrayList<>(path);
    out.add(next);
    return out;
  }
}
