package dev.lookout.check.maildelivery;

import dev.lookout.check.maildelivery.AuthenticationResults.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiver's verdicts on the probe message: taken from the topmost {@code
 * Authentication-Results} header its {@code authserv_id} wrote (RFC 8601 §5: a receiver adds its
 * own above the ones it was handed, and only its own can be trusted), one result per method.
 *
 * @param receiver the authserv-id of the trusted header, or null when there was none
 * @param others the authserv-ids of the headers that were ignored
 * @param spf the MAIL FROM result when the receiver checked both HELO and MAIL FROM (RFC 7208 §2.3)
 * @param dkim a passing signature if any (the one of the From domain first), else the first
 */
public record MailAuth(
    String receiver, List<String> others, Result spf, Result dkim, Result dmarc) {
  public static final MailAuth NONE = new MailAuth(null, List.of(), null, null, null);

  public MailAuth {
    others = List.copyOf(others);
  }

  /** Chooses from the message's headers, topmost first, the ones {@code authservId} wrote. */
  public static MailAuth choose(List<String> headers, String authservId, String fromDomain) {
    AuthenticationResults trusted = null;
    List<String> others = new ArrayList<>();
    for (String h : headers) {
      AuthenticationResults ar = AuthenticationResults.parse(h);
      if (ar == null) {
        continue;
      }
      if (trusted == null && ar.writtenBy(authservId)) {
        trusted = ar;
      } else if (!ar.writtenBy(authservId) && !others.contains(ar.authservId())) {
        others.add(ar.authservId());
      }
    }
    if (trusted == null) {
      return new MailAuth(null, others, null, null, null);
    }
    return new MailAuth(
        trusted.authservId(),
        others,
        spf(trusted.of(AuthMethod.SPF)),
        dkim(trusted.of(AuthMethod.DKIM), fromDomain),
        first(trusted.of(AuthMethod.DMARC)));
  }

  /** The result of one method, or null when the receiver gave none. */
  public Result of(AuthMethod method) {
    return switch (method) {
      case SPF -> spf;
      case DKIM -> dkim;
      case DMARC -> dmarc;
    };
  }

  private static Result spf(List<Result> results) {
    for (Result r : results) {
      if (r.property("smtp.mailfrom") != null) {
        return r;
      }
    }
    return first(results);
  }

  private static Result dkim(List<Result> results, String fromDomain) {
    Result pass = null;
    for (Result r : results) {
      if (r.result().equals("pass")) {
        String d = r.property("header.d");
        if (d != null && Alignment.aligned(d, fromDomain)) {
          return r;
        }
        pass = pass == null ? r : pass;
      }
    }
    return pass != null ? pass : first(results);
  }

  private static Result first(List<Result> results) {
    return results.isEmpty() ? null : results.get(0);
  }
}
