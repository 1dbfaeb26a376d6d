package dev.lookout.check.maildelivery;

import dev.lookout.check.maildelivery.AuthenticationResults.Result;
import dev.lookout.config.MailAddress;
import dev.lookout.evaluate.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a delivered probe message against {@code expect:}: how long it took, whether it landed in
 * the inbox, and the receiver's SPF, DKIM and DMARC verdicts, each said with the domain it was
 * about so a person can see which record or signature to fix. Pure: no I/O, no Vert.x.
 */
public final class MailDeliveryEvaluator {
  private MailDeliveryEvaluator() {}

  public static List<Finding> evaluate(MailDeliveryCheck check, MailDeliveryObservation o) {
    List<Finding> out = new ArrayList<>();
    MailDeliveryExpect e = check.expect();
    Duration within = e.deliveredWithin();
    if (within != null && o.delivery().compareTo(within) > 0) {
      out.add(
          new Finding(
              "delivered_within",
              "delivered after " + length(o.delivery()) + ", expected within " + length(within)));
    }
    if (e.inInbox() && o.folder() == FolderRole.SPAM) {
      out.add(new Finding("in_inbox", "delivered to spam after " + length(o.delivery())));
    }
    if (e.checksAuthentication()) {
      authentication(check, o.auth(), out);
    }
    return out;
  }

  private static void authentication(MailDeliveryCheck check, MailAuth auth, List<Finding> out) {
    if (auth.receiver() == null) {
      out.add(
          new Finding(
              "authentication_results",
              auth.others().isEmpty()
                  ? "the message has no Authentication-Results header from " + check.authservId()
                  : "no Authentication-Results header from "
                      + check.authservId()
                      + " (only from "
                      + String.join(", ", auth.others())
                      + "); set authserv_id to the receiver's name"));
      return;
    }
    for (AuthMethod m : AuthMethod.values()) {
      if (check.expect().accepted(m).isEmpty()) {
        continue;
      }
      Result r = auth.of(m);
      if (r == null) {
        out.add(new Finding(m.key(), m.key() + ": " + auth.receiver() + " reported no " + m.key()));
      } else if (!check.expect().accepted(m).contains(r.result())) {
        out.add(new Finding(m.key(), describe(m, r, auth, check)));
      }
    }
  }

  /** {@code dkim=fail (header.d=example.com): the receiver could not verify the signature}. */
  static String describe(AuthMethod m, Result r, MailAuth auth, MailDeliveryCheck check) {
    String head = verdict(m, r);
    return switch (m) {
      case SPF -> head + ": " + spf(r.result());
      case DKIM -> head + ": " + dkim(r.result());
      case DMARC -> head + ": " + dmarc(r, auth, MailAddress.domain(check.from()));
    };
  }

  /** {@code spf=pass (smtp.mailfrom=bounce.esp.net)}: the result and the domain it is about. */
  static String verdict(AuthMethod m, Result r) {
    String about =
        switch (m) {
          case SPF -> property(r, "smtp.mailfrom");
          case DKIM -> property(r, "header.d");
          case DMARC -> null;
        };
    return m.key() + "=" + r.result() + (about == null ? "" : " (" + about + ")");
  }

  private static String property(Result r, String key) {
    String v = r.property(key);
    return v == null ? null : key + "=" + v;
  }

  private static String spf(String result) {
    return switch (result) {
      case "fail" -> "the domain's SPF record does not allow the sending server";
      case "softfail" -> "the domain's SPF record does not quite allow the sending server (~all)";
      case "neutral" -> "the domain's SPF record says nothing about the sending server";
      case "none" -> "the domain publishes no SPF record";
      case "temperror" -> "the receiver could not look up the SPF record (a temporary DNS error)";
      case "permerror" -> "the domain's SPF record is broken";
      default -> "the receiver's verdict";
    };
  }

  private static String dkim(String result) {
    return switch (result) {
      case "fail" -> "the receiver could not verify the signature";
      case "none" -> "the message was not signed";
      case "neutral" -> "the signature could not be checked";
      case "policy" -> "the receiver does not accept the signature (its policy)";
      case "temperror" -> "the receiver could not fetch the key (a temporary DNS error)";
      case "permerror" -> "the signature or its key is broken";
      default -> "the receiver's verdict";
    };
  }

  /**
   * {@code From domain example.com not aligned with SPF domain bounce.esp.net or DKIM domain
   * esp.net}: DMARC passes only when SPF or DKIM passes for a domain aligned with the From domain.
   */
  private static String dmarc(Result r, MailAuth auth, String configuredFrom) {
    return switch (r.result()) {
      case "fail" -> alignment(r, auth, configuredFrom);
      case "none" -> "the From domain publishes no DMARC record";
      case "temperror" -> "the receiver could not look up the DMARC record (a temporary DNS error)";
      case "permerror" -> "the From domain's DMARC record is broken";
      default -> "the receiver's verdict";
    };
  }

  private static String alignment(Result r, MailAuth auth, String configuredFrom) {
    String from = r.property("header.from") != null ? r.property("header.from") : configuredFrom;
    String spfDomain =
        auth.spf() == null ? null : Alignment.domain(auth.spf().property("smtp.mailfrom"));
    String dkimDomain = auth.dkim() == null ? null : auth.dkim().property("header.d");
    boolean spfAligned = Alignment.aligned(spfDomain, from);
    boolean dkimAligned = Alignment.aligned(dkimDomain, from);
    if (spfAligned || dkimAligned) {
      return "From domain "
          + from
          + " has no aligned pass ("
          + (auth.spf() == null ? "no spf" : verdict(AuthMethod.SPF, auth.spf()))
          + ", "
          + (auth.dkim() == null ? "no dkim" : verdict(AuthMethod.DKIM, auth.dkim()))
          + ")";
    }
    List<String> with = new ArrayList<>();
    if (spfDomain != null) {
      with.add("SPF domain " + spfDomain);
    }
    if (dkimDomain != null) {
      with.add("DKIM domain " + dkimDomain);
    }
    return with.isEmpty()
        ? "From domain " + from + " has no SPF or DKIM result to align with"
        : "From domain " + from + " not aligned with " + String.join(" or ", with);
  }

  /** {@code 850 ms}, {@code 41 s}, {@code 2 min}, {@code 2 min 5 s}. */
  static String length(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 1000) {
      return ms + " ms";
    }
    long s = Math.round(ms / 1000.0);
    if (s < 60) {
      return s + " s";
    }
    long min = s / 60;
    return min + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
  }
}
