package dev.lookout.check.emailauth;

import java.util.List;

/**
 * What the resolver said to one {@link MailQuery}.
 *
 * @param values the records of the asked type (TXT strings joined, MX as {@code 10 mx.example.com},
 *     addresses as text), in answer order
 * @param cname where a CNAME sent the query (lower-case, no trailing dot), or null
 * @param failure why there is no answer (FAILED only), worded for a person
 */
public record MailAnswer(Status status, List<String> values, String cname, String failure) {

  /** The shape of the answer; NXDOMAIN and NODATA are answers, FAILED is not. */
  public enum Status {
    FOUND,
    NODATA,
    NXDOMAIN,
    FAILED
  }

  public MailAnswer {
    values = List.copyOf(values);
    if ((status == Status.FOUND) == values.isEmpty()) {
      throw new IllegalArgumentException("FOUND answers, and only they, carry values");
    }
  }

  public static MailAnswer failed(String failure) {
    return new MailAnswer(Status.FAILED, List.of(), null, failure);
  }

  /** RFC 7208 §4.6.4: a lookup that found nothing (name missing, or no record of the type). */
  public boolean isVoid() {
    return status == Status.NODATA || status == Status.NXDOMAIN;
  }
}
